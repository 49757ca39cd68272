/*
 * A user-mode environment for the official RISC-V ISA tests (riscv-tests, isa/): each test becomes a
 * static Linux program that exits with status 0 when it passes and with the number of its first failing
 * case otherwise. The tests' own environments run in machine mode; under a user-mode emulator there is
 * no trap vector or tohost to set up, floating point is already on, and the registers start as Linux
 * leaves them at exec (zero but sp).
 */
#ifndef HSAJ_USER_RISCV_TEST_H
#define HSAJ_USER_RISCV_TEST_H

#define RVTEST_RV64U .macro init; .endm
#define RVTEST_RV64UF .macro init; .endm

/* The register the tests keep their case number in. */
#define TESTNUM gp

#define RVTEST_CODE_BEGIN .text; .align 6; .globl _start; _start: li TESTNUM, 0; init;
#define RVTEST_CODE_END unimp

/* exit(0) */
#define RVTEST_PASS fence; li a0, 0; li a7, 93; ecall
/* exit(case number), or exit(255) where that number would not show as an exit status (0, above 255). */
#define RVTEST_FAIL fence; mv a0, TESTNUM; addi a1, a0, -1; li a2, 254; bleu a1, a2, 1f; li a0, 255; 1: li a7, 93; ecall

#define EXTRA_DATA
#define RVTEST_DATA_BEGIN EXTRA_DATA .data; .align 4; .global begin_signature; begin_signature:
#define RVTEST_DATA_END .align 4; .global end_signature; end_signature:

#endif
