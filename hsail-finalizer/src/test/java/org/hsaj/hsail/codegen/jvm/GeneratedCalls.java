package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The method calls in a generated kernel class, for tests that check what the code generator emitted. */
final class GeneratedCalls {
    /** One call instruction: the called method's owner (internal name), name and descriptor. */
    record Call(String owner, String name, String descriptor) {
        /** {@code owner.name}, e.g. {@code java/lang/Integer.compare}. */
        String qualifiedName() {
            return owner + "." + name;
        }
    }

    private GeneratedCalls() {
    }

    /** Every call instruction of every method of {@code kernel}'s class, in class-file order. */
    static List<Call> in(JvmCompiledKernel kernel) {
        List<Call> calls = new ArrayList<>();
        new ClassReader(kernel.classFile()).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        calls.add(new Call(owner, method, desc));
                    }
                };
            }
        }, 0);
        return calls;
    }
}
