package io.chathistorybridge.export;

/** Checks bytes for well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {

    private Utf8() {
    }

    /** The index of the first byte of the first ill-formed sequence in {@code b[from, to)}, or -1 when all is well. */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xff;
            int need;
            int min2 = 0x80;
            int max2 = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                if (c == 0xe0) {
                    min2 = 0xa0; // overlong below U+0800
                } else if (c == 0xed) {
                    max2 = 0x9f; // U+D800..U+DFFF are surrogates
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                if (c == 0xf0) {
                    min2 = 0x90; // overlong below U+10000
                } else if (c == 0xf4) {
                    max2 = 0x8f; // above U+10FFFF
                }
            } else {
                return i; // a continuation byte without a lead, 0xc0/0xc1 (overlong) or 0xf5..0xff
            }
            if (i + need >= to) {
                return i; // the sequence is cut off by the end of the line
            }
            int b2 = b[i + 1] & 0xff;
            if (b2 < min2 || b2 > max2) {
                return i;
            }
            for (int k = 2; k <= need; k++) {
                if ((b[i + k] & 0xc0) != 0x80) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
