/* Faults a guest signal handler takes, each raised 5,000 times so that translated code raises it too:
 * SIGSEGV from an unmapped page, for a load and for a jump, and from a PROT_NONE page (the handler leaves
 * with siglongjmp), and
 * from a read-only page (the handler makes it writable and returns: the store runs again, and the
 * loop's registers must be what they were), SIGILL from an illegal instruction and SIGTRAP from ebreak
 * (the handler moves the saved pc past it). Output must match qemu-riscv64's. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/ucontext.h>

static sigjmp_buf jump;
static volatile long where;
static volatile int code, faults;
static char *page;

static void jumpBack(int sig, siginfo_t *info, void *context) {
    (void) context;
    where = (long) info->si_addr;
    code = info->si_code;
    faults++;
    siglongjmp(jump, sig);
}

static void unprotect(int sig, siginfo_t *info, void *context) {
    (void) sig;
    (void) context;
    where = (char *) info->si_addr - page;
    code = info->si_code;
    faults++;
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

static void skip(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    (void) sig;
    where = (long) info->si_addr - (long) uc->uc_mcontext.__gregs[0]; /* si_addr is the faulting pc */
    code = info->si_code;
    faults++;
    uc->uc_mcontext.__gregs[0] += 4;
}

static void on(int sig, void (*handler)(int, siginfo_t *, void *)) {
    struct sigaction sa = {.sa_sigaction = handler, .sa_flags = SA_SIGINFO}; /* an empty sa_mask */
    sigaction(sig, &sa, NULL);
}

int main(void) {
    on(SIGSEGV, jumpBack);
    volatile int *unmapped = (int *) 16;
    long sum = 0;
    for (int i = 0; i < 5000; i++) {
        if (sigsetjmp(jump, 1) == 0) {
            sum += *unmapped;
        }
    }
    printf("unmapped: %d faults, si_addr %#lx, si_code %d\n", faults, where, code);
    volatile int *noAccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    faults = 0;
    for (int i = 0; i < 5000; i++) {
        if (sigsetjmp(jump, 1) == 0) {
            sum += noAccess[3];
        }
    }
    printf("PROT_NONE: %d faults, at offset %ld, si_code %d\n", faults, where - (long) noAccess, code);
    faults = 0;
    void (*nowhere)(void) = (void (*)(void)) 0x20;
    for (int i = 0; i < 5000; i++) {
        if (sigsetjmp(jump, 1) == 0) {
            nowhere();
        }
    }
    printf("jump to an unmapped page: %d faults, si_addr %#lx, si_code %d\n", faults, where, code);

    page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    on(SIGSEGV, unprotect);
    faults = 0;
    sum = 0;
    for (int i = 0; i < 5000; i++) {
        sum += i;
        page[100] = (char) (i & 0x7f);
        sum += page[100];
        mprotect(page, 4096, PROT_READ);
    }
    printf("read-only: %d faults, at offset %ld, si_code %d, sum %ld\n", faults, where, code, sum);

    on(SIGILL, skip);
    faults = 0;
    for (int i = 0; i < 5000; i++) {
        __asm__ volatile(".word 0"); /* two illegal halves: the handler skips 4 bytes */
    }
    printf("illegal: %d faults, si_addr - pc %ld, si_code %d\n", faults, where, code);

    on(SIGTRAP, skip);
    faults = 0;
    for (int i = 0; i < 5000; i++) {
        __asm__ volatile(".word 0x00100073"); /* ebreak, uncompressed */
    }
    printf("ebreak: %d faults, si_addr - pc %ld, si_code %d\n", faults, where, code);
    return 0;
}
