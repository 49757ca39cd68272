/* Self-modifying code that a callee changes under its caller: a hand-written loop, alone on its page,
 * calls a C function on another page (with jal, so a translator may chain to the callee's translation
 * and come back in place). Every call stores an instruction and runs fence.i (or the
 * riscv_flush_icache system call), so that path is hot; one call stores it over an instruction of the
 * loop after the call site. From that call on, the loop must run the new instruction. A second loop
 * does the same through an indirect call (jalr). Output must match qemu-riscv64's. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CALLS 200000
#define PATCH_AT 100000

long callee(long i);
long direct_loop(long n, long (*f)(long));
long indirect_loop(long n, long (*f)(long));
extern uint32_t direct_loop_site[], indirect_loop_site[];

/* A loop NAME(n, f): s2 = the sum over i < n of CALL's result (the callee's, for a0 = i) and of what
 * the instruction at NAME_site adds (1, until the callee changes it); returns s2. */
#define LOOP(name, call)                         \
    ".globl " #name "\n"                         \
    #name ":\n"                                  \
    "  addi sp, sp, -48\n"                       \
    "  sd ra, 24(sp)\n"                          \
    "  sd s0, 16(sp)\n"                          \
    "  sd s1, 8(sp)\n"                           \
    "  sd s2, 0(sp)\n"                           \
    "  sd s3, 32(sp)\n"                          \
    "  mv s0, a0\n"                              \
    "  mv s3, a1\n"                              \
    "  li s1, 0\n"                               \
    "  li s2, 0\n"                               \
    "1:\n"                                       \
    "  mv a0, s1\n"                              \
    "  " call "\n"                               \
    "  add s2, s2, a0\n"                         \
    ".globl " #name "_site\n"                    \
    #name "_site:\n"                             \
    "  addi s2, s2, 1\n"                         \
    "  addi s1, s1, 1\n"                         \
    "  blt s1, s0, 1b\n"                         \
    "  mv a0, s2\n"                              \
    "  ld ra, 24(sp)\n"                          \
    "  ld s0, 16(sp)\n"                          \
    "  ld s1, 8(sp)\n"                           \
    "  ld s2, 0(sp)\n"                           \
    "  ld s3, 32(sp)\n"                          \
    "  addi sp, sp, 48\n"                        \
    "  ret\n"

__asm__(".text\n"
        ".option push\n"
        ".option norvc\n"
        ".balign 4096\n"
        LOOP(direct_loop, "jal ra, callee")
        LOOP(indirect_loop, "jalr ra, 0(s3)")
        ".balign 4096\n"
        ".option pop\n");

static uint32_t scratch;
/* Where the callee stores: scratch, or at PATCH_AT the site (an index, not a branch, so that the
 * store is on the callee's hot path). */
static uint32_t *targets[2] = {&scratch, 0};
static int use_syscall;

/* addi s2, s2, imm */
static uint32_t add_to_s2(int imm)
{
    return (uint32_t)imm << 20 | 18 << 15 | 18 << 7 | 0x13;
}

__attribute__((noinline)) long callee(long i)
{
    uint32_t *where = targets[i == PATCH_AT];
    *where = add_to_s2(1000);
    if (use_syscall)
        syscall(259, (long)where, (long)(where + 1), 0L); /* riscv_flush_icache */
    else
        __asm__ volatile("fence.i" ::: "memory");
    return i & 7;
}

static void run(const char *name, uint32_t *where, int flush_by_syscall, long (*loop)(void))
{
    targets[1] = where;
    use_syscall = flush_by_syscall;
    *where = add_to_s2(1);
    __asm__ volatile("fence.i" ::: "memory");
    printf("%-9s %s: %ld\n", name, flush_by_syscall ? "syscall" : "fence.i", loop());
}

static long run_direct(void)
{
    return direct_loop(CALLS, callee);
}

static long run_indirect(void)
{
    return indirect_loop(CALLS, callee);
}

int main(void)
{
    long page = (long)direct_loop & -4096L;
    if (mprotect((void *)page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    for (int i = 0; i < 10000; i++) /* the callee gets hot before the loops, on its own */
        callee(-1);
    run("direct", direct_loop_site, 0, run_direct);
    run("direct", direct_loop_site, 1, run_direct);
    run("indirect", indirect_loop_site, 0, run_indirect);
    run("indirect", indirect_loop_site, 1, run_indirect);
    return 0;
}
