package org.hsaj.cpu.translate;

import java.nio.ByteBuffer;

/** Reads the code length of a method straight from a class file (ASM does not expose it). */
final class CodeLength {
    private CodeLength() {
    }

    static int of(byte[] classFile, String methodName) {
        ByteBuffer b = ByteBuffer.wrap(classFile);
        b.position(8);
        int count = b.getShort() & 0xffff;
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = b.get() & 0xff;
            switch (tag) {
                case 1 -> {
                    int length = b.getShort() & 0xffff;
                    byte[] bytes = new byte[length];
                    b.get(bytes);
                    utf8[i] = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                }
                case 7, 8, 16, 19, 20 -> b.position(b.position() + 2);
                case 15 -> b.position(b.position() + 3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> b.position(b.position() + 4);
                case 5, 6 -> {
                    b.position(b.position() + 8);
                    i++;
                }
                default -> throw new IllegalArgumentException("constant pool tag " + tag);
            }
        }
        b.position(b.position() + 6);
        int interfaces = b.getShort() & 0xffff;
        b.position(b.position() + 2 * interfaces);
        skipMembers(b);
        int methods = b.getShort() & 0xffff;
        int longest = -1;
        for (int m = 0; m < methods; m++) {
            b.position(b.position() + 2);
            String name = utf8[b.getShort() & 0xffff];
            b.position(b.position() + 2);
            int attributes = b.getShort() & 0xffff;
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[b.getShort() & 0xffff];
                int length = b.getInt();
                int start = b.position();
                if (attribute.equals("Code") && name.equals(methodName)) {
                    longest = Math.max(longest, b.getInt(start + 4));
                }
                b.position(start + length);
            }
        }
        return longest;
    }

    private static void skipMembers(ByteBuffer b) {
        int count = b.getShort() & 0xffff;
        for (int i = 0; i < count; i++) {
            b.position(b.position() + 6);
            int attributes = b.getShort() & 0xffff;
            for (int a = 0; a < attributes; a++) {
                b.position(b.position() + 2);
                int length = b.getInt();
                b.position(b.position() + length);
            }
        }
    }
}
