package io.sftstream.tokenize;

import java.util.Objects;

/** One header that every accepted record carries: its name and its UTF-8 string value. */
public record OutputHeader(String name, String value) {

    public OutputHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
