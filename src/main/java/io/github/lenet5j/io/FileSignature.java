package io.github.lenet5j.io;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a file that is not what a reader expected looks like, from its first bytes: the magic numbers of the files
 * people give a model reader by mistake (pictures, archives, PyTorch's own format, IDX data).
 */
final class FileSignature {
    private record Magic(byte[] bytes, String what) {
    }

    private static final List<Magic> KNOWN = List.of(
            magic("a PNG image", 0x89, 'P', 'N', 'G'),
            magic("a JPEG image", 0xFF, 0xD8, 0xFF),
            magic("a GIF image", 'G', 'I', 'F', '8'),
            magic("a BMP image", 'B', 'M'),
            magic("a ZIP archive, as PyTorch's torch.save writes; save a state_dict with"
                    + " safetensors.torch.save_file", 'P', 'K', 3, 4),
            magic("a gzip file", 0x1F, 0x8B),
            magic("an IDX file of images or labels", 0, 0, 8),
            magic("a Python pickle (an old torch.save); save a state_dict with safetensors.torch.save_file",
                    0x80, 2),
            magic("an HDF5 file (Keras)", 0x89, 'H', 'D', 'F'));

    private FileSignature() {
    }

    private static Magic magic(String what, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return new Magic(bytes, what);
    }

    /**
     * {@return " (its first bytes are those of a PNG image)" for the first bytes of a known kind of file, else ""}
     *
     * @param start the file's first bytes, from position 0 to the limit
     */
    static String describe(ByteBuffer start) {
        for (Magic m : KNOWN) {
            if (startsWith(start, m.bytes())) {
                return " (its first bytes are those of " + m.what() + ")";
            }
        }
        return "";
    }

    private static boolean startsWith(ByteBuffer start, byte[] magic) {
        if (start.limit() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (start.get(i) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
