package io.sftstream.export;

import io.airlift.compress.Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression for the Parquet writer in pure Java (aircompressor), so that writing needs
 * neither Hadoop's codec classes (parquet-java's default factory builds a Hadoop
 * {@code Configuration} for them) nor native libraries. ZSTD writes standard zstd frames and
 * SNAPPY raw Snappy blocks, as the Parquet format defines them. Write only.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(final CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> new AirCompressor(codec, new ZstdCompressor());
            case SNAPPY -> new AirCompressor(codec, new SnappyCompressor());
            case UNCOMPRESSED -> new Uncompressed();
            default -> throw new IllegalArgumentException("no compressor for " + codec);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(final CompressionCodecName codec) {
        throw new UnsupportedOperationException("the export only writes Parquet");
    }

    @Override
    public void release() {
    }

    /** One compressor per column writer; reuses its output buffer. */
    private static final class AirCompressor implements BytesInputCompressor {

        private final CompressionCodecName codec;
        private final Compressor compressor;
        private byte[] buffer = new byte[0];

        AirCompressor(final CompressionCodecName codec, final Compressor compressor) {
            this.codec = codec;
            this.compressor = compressor;
        }

        @Override
        public BytesInput compress(final BytesInput bytes) throws IOException {
            final byte[] input = bytes.toByteArray();
            final int max = compressor.maxCompressedLength(input.length);
            if (buffer.length < max) {
                buffer = new byte[max];
            }
            final int length = compressor.compress(input, 0, input.length, buffer, 0,
                    buffer.length);
            // The writer keeps the page until the row group is flushed: hand over a copy.
            return BytesInput.from(Arrays.copyOf(buffer, length));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
            buffer = new byte[0];
        }
    }

    private static final class Uncompressed implements BytesInputCompressor {

        @Override
        public BytesInput compress(final BytesInput bytes) {
            return bytes;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.UNCOMPRESSED;
        }

        @Override
        public void release() {
        }
    }
}
