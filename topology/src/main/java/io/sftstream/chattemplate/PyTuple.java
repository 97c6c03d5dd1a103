package io.sftstream.chattemplate;

import java.util.AbstractList;
import java.util.List;

/** A Python tuple: an immutable list that prints as {@code (a, b)}. */
final class PyTuple extends AbstractList<Object> {

    private final Object[] items;

    PyTuple(final Object... items) {
        this.items = items;
    }

    PyTuple(final List<?> items) {
        this.items = items.toArray();
    }

    @Override
    public Object get(final int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
