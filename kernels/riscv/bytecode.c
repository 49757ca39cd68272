/* Branch-heavy work: a stack-machine bytecode interpreter (switch dispatch) running a Collatz
 * walk and a gcd table, and a table-free state machine that tokenizes generated source text.
 * Size: Collatz range (the gcd table and the text scale with it). */
#include "kernel.h"

enum op {
    PUSH, LOAD, STORE, ADD, SUB, MUL, DIVU, REMU, LT, EQ, AND, SHR, DUP, DROP, SWAP, JMP, JZ, JNZ, HALT
};

typedef struct {
    int64_t code[256];
    int len;
} program_t;

static void emit(program_t *p, int64_t op) { p->code[p->len++] = op; }
static void emit2(program_t *p, int64_t op, int64_t arg) { emit(p, op); emit(p, arg); }
static int here(const program_t *p) { return p->len; }
/* Emits a jump with a placeholder target; returns where to patch it. */
static int jump(program_t *p, int64_t op) { emit2(p, op, -1); return p->len - 1; }
static void patch(program_t *p, int at, int target) { p->code[at] = target; }

/* Runs until HALT; returns the number of instructions executed. vars are the machine's registers. */
static long run(const program_t *p, int64_t *vars)
{
    int64_t stack[64];
    int sp = 0, pc = 0;
    long executed = 0;
    for (;;) {
        int64_t op = p->code[pc++], a, b;
        executed++;
        switch (op) {
        case PUSH: stack[sp++] = p->code[pc++]; break;
        case LOAD: stack[sp++] = vars[p->code[pc++]]; break;
        case STORE: vars[p->code[pc++]] = stack[--sp]; break;
        case ADD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a + b; break;
        case SUB: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a - b; break;
        case MUL: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a * b; break;
        case DIVU: b = stack[--sp]; a = stack[--sp]; stack[sp++] = (int64_t)((uint64_t)a / (uint64_t)b); break;
        case REMU: b = stack[--sp]; a = stack[--sp]; stack[sp++] = (int64_t)((uint64_t)a % (uint64_t)b); break;
        case LT: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a < b; break;
        case EQ: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a == b; break;
        case AND: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a & b; break;
        case SHR: b = stack[--sp]; a = stack[--sp]; stack[sp++] = (int64_t)((uint64_t)a >> b); break;
        case DUP: a = stack[sp - 1]; stack[sp++] = a; break;
        case DROP: sp--; break;
        case SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case JMP: pc = (int)p->code[pc]; break;
        case JZ: pc = stack[--sp] == 0 ? (int)p->code[pc] : pc + 1; break;
        case JNZ: pc = stack[--sp] != 0 ? (int)p->code[pc] : pc + 1; break;
        case HALT: return executed;
        default:
            printf("bad opcode %lld at %d\n", (long long)op, pc - 1);
            kernel_fail("bytecode");
        }
    }
}

enum { I, X, STEPS, TOTAL, N, J, A, B };

/* for i in 1..n: x = i; while x != 1: x = x odd ? 3x+1 : x/2; total += steps */
static void collatz(program_t *p)
{
    emit2(p, PUSH, 1); emit2(p, STORE, I);
    int outer = here(p);
    emit2(p, LOAD, I); emit2(p, LOAD, N); emit(p, LT); int done = jump(p, JZ);
    emit2(p, LOAD, I); emit2(p, STORE, X);
    int inner = here(p);
    emit2(p, LOAD, X); emit2(p, PUSH, 1); emit(p, EQ); int inner_done = jump(p, JNZ);
    emit2(p, LOAD, X); emit2(p, PUSH, 1); emit(p, AND); int even = jump(p, JZ);
    emit2(p, LOAD, X); emit2(p, PUSH, 3); emit(p, MUL); emit2(p, PUSH, 1); emit(p, ADD); emit2(p, STORE, X);
    int next = jump(p, JMP);
    patch(p, even, here(p));
    emit2(p, LOAD, X); emit2(p, PUSH, 1); emit(p, SHR); emit2(p, STORE, X);
    patch(p, next, here(p));
    emit2(p, LOAD, TOTAL); emit2(p, PUSH, 1); emit(p, ADD); emit2(p, STORE, TOTAL);
    emit2(p, JMP, inner);
    patch(p, inner_done, here(p));
    emit2(p, LOAD, I); emit2(p, PUSH, 1); emit(p, ADD); emit2(p, STORE, I);
    emit2(p, JMP, outer);
    patch(p, done, here(p));
    emit(p, HALT);
}

/* for i in 1..n, j in 1..n: a=i, b=j; while b: (a, b) = (b, a % b); total += a */
static void gcd_table(program_t *p)
{
    emit2(p, PUSH, 1); emit2(p, STORE, I);
    int outer = here(p);
    emit2(p, LOAD, I); emit2(p, LOAD, N); emit(p, LT); int done = jump(p, JZ);
    emit2(p, PUSH, 1); emit2(p, STORE, J);
    int middle = here(p);
    emit2(p, LOAD, J); emit2(p, LOAD, N); emit(p, LT); int middle_done = jump(p, JZ);
    emit2(p, LOAD, I); emit2(p, STORE, A); emit2(p, LOAD, J); emit2(p, STORE, B);
    int inner = here(p);
    emit2(p, LOAD, B); int inner_done = jump(p, JZ);
    emit2(p, LOAD, B); emit2(p, LOAD, A); emit2(p, LOAD, B); emit(p, REMU);
    emit2(p, STORE, B); emit2(p, STORE, A);
    emit2(p, JMP, inner);
    patch(p, inner_done, here(p));
    emit2(p, LOAD, TOTAL); emit2(p, LOAD, A); emit(p, ADD); emit2(p, STORE, TOTAL);
    emit2(p, LOAD, J); emit2(p, PUSH, 1); emit(p, ADD); emit2(p, STORE, J);
    emit2(p, JMP, middle);
    patch(p, middle_done, here(p));
    emit2(p, LOAD, I); emit2(p, PUSH, 1); emit(p, ADD); emit2(p, STORE, I);
    emit2(p, JMP, outer);
    patch(p, done, here(p));
    emit(p, HALT);
}

/* ---- tokenizer state machine ---- */

enum state { START, IDENT, NUMBER, HEX, STRING, ESCAPE, COMMENT, SLASH };

typedef struct { long idents, numbers, strings, comments, operators, lines; } tokens_t;

static void tokenize(const char *s, long n, tokens_t *t)
{
    enum state st = START;
    for (long i = 0; i <= n; i++) {
        char c = i < n ? s[i] : '\n';
        if (c == '\n') t->lines++;
        switch (st) {
        case START:
        again:
            if ((c >= 'a' && c <= 'z') || c == '_') { st = IDENT; t->idents++; }
            else if (c == '0' && i + 1 < n && s[i + 1] == 'x') { st = HEX; t->numbers++; i++; }
            else if (c >= '0' && c <= '9') { st = NUMBER; t->numbers++; }
            else if (c == '"') { st = STRING; t->strings++; }
            else if (c == '/') st = SLASH;
            else if (c == '+' || c == '-' || c == '*' || c == '=' || c == ';' || c == '(' || c == ')') t->operators++;
            break;
        case IDENT:
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) { st = START; goto again; }
            break;
        case NUMBER:
            if (!(c >= '0' && c <= '9')) { st = START; goto again; }
            break;
        case HEX:
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) { st = START; goto again; }
            break;
        case STRING:
            if (c == '\\') st = ESCAPE;
            else if (c == '"') st = START;
            break;
        case ESCAPE: st = STRING; break;
        case COMMENT:
            if (c == '\n') st = START;
            break;
        case SLASH:
            if (c == '/') { st = COMMENT; t->comments++; }
            else { t->operators++; st = START; goto again; }
            break;
        }
    }
}

static long make_source(char *out, long n, rng_t *rng)
{
    static const char *pieces[] = { "count", "x_1", "0x1f", "42", "\"str\\\"ing\"", "// note\n", "+", "-", "*",
                                    "/", "=", ";", "(", ")", "\n", "total", "7", "0", "idx", "\"\"" };
    long o = 0;
    while (o < n - 16) {
        const char *p = pieces[rng_below(rng, sizeof pieces / sizeof pieces[0])];
        size_t len = strlen(p);
        memcpy(out + o, p, len);
        o += (long)len;
        if (rng_below(rng, 3) == 0) out[o++] = ' ';
    }
    return o;
}

int main(int argc, char **argv)
{
    long n = kernel_size(argc, argv, 700, 20000);
    static program_t c, g;
    collatz(&c);
    gcd_table(&g);

    int64_t vars[8] = { 0 };
    vars[N] = n;
    long executed = run(&c, vars);
    /* The same walk in C: the oracle for the interpreter. */
    int64_t expect = 0;
    for (int64_t i = 1; i < n; i++)
        for (uint64_t x = (uint64_t)i; x != 1; x = (x & 1) ? 3 * x + 1 : x >> 1)
            expect++;
    if (vars[TOTAL] != expect)
        kernel_fail("collatz total");
    printf("bytecode collatz n=%ld steps=%lld executed=%ld\n", n, (long long)vars[TOTAL], executed);

    int64_t gvars[8] = { 0 };
    gvars[N] = n / 20 + 2;
    executed = run(&g, gvars);
    printf("bytecode gcd n=%lld sum=%lld executed=%ld\n", (long long)gvars[N], (long long)gvars[TOTAL], executed);

    long len = n * 40;
    char *src = malloc(len);
    if (!src)
        kernel_fail("out of memory");
    rng_t rng = { 8 };
    len = make_source(src, len, &rng);
    tokens_t t = { 0 };
    tokenize(src, len, &t);
    printf("bytecode tokens bytes=%ld idents=%ld numbers=%ld strings=%ld comments=%ld operators=%ld lines=%ld\n",
           len, t.idents, t.numbers, t.strings, t.comments, t.operators, t.lines);
    free(src);
    return 0;
}
