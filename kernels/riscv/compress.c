/* Compression round trip: each 32 KiB block of generated text is LZ77-coded (hash chains) into a
 * byte stream of literal runs and matches, that stream is coded with a canonical Huffman code, then
 * both stages are decoded and compared with the input. Size: number of input bytes. */
#include "kernel.h"

#define BLOCK 32768
#define MIN_MATCH 3
#define MAX_MATCH 130
#define MAX_RUN 128
#define HASH_BITS 12
#define CHAIN_DEPTH 16
#define MAX_CODE_LEN 60

/* ---- input ---- */

static void make_text(uint8_t *out, long n, rng_t *rng)
{
    static char words[64][10];
    static int ready;
    if (!ready) {
        for (int w = 0; w < 64; w++) {
            int len = 2 + (int)rng_below(rng, 8);
            for (int i = 0; i < len; i++)
                words[w][i] = (char)('a' + rng_below(rng, 26));
            words[w][len] = '\0';
        }
        ready = 1;
    }
    long i = 0;
    while (i < n) {
        if (rng_below(rng, 50) == 0) {
            out[i++] = (uint8_t)rng_next(rng);
            continue;
        }
        /* Skewed word choice: low indices are much more frequent. */
        uint64_t r = rng_below(rng, 64);
        const char *w = words[(r * r) >> 6];
        for (int k = 0; w[k] && i < n; k++)
            out[i++] = (uint8_t)w[k];
        if (i < n)
            out[i++] = rng_below(rng, 12) == 0 ? '\n' : ' ';
    }
}

/* ---- LZ77 ---- */

static inline unsigned hash3(const uint8_t *p)
{
    return ((p[0] << 16 | p[1] << 8 | p[2]) * 2654435761u) >> (32 - HASH_BITS);
}

static void flush_literals(const uint8_t *lit, long count, uint8_t *out, long *o)
{
    while (count > 0) {
        long run = count < MAX_RUN ? count : MAX_RUN;
        out[(*o)++] = (uint8_t)(run - 1);
        memcpy(out + *o, lit, run);
        *o += run;
        lit += run;
        count -= run;
    }
}

/* Tokens: 0x00-0x7F = run of (b+1) literal bytes; 0x80|(len-3) then a 16-bit little-endian
 * distance = a match. Returns the token stream's length. */
static long lz_encode(const uint8_t *in, long n, uint8_t *out)
{
    static int32_t head[1 << HASH_BITS];
    static int32_t prev[BLOCK];
    memset(head, -1, sizeof head);
    long o = 0, lit_start = 0, i = 0;
    while (i < n) {
        long best_len = 0, best_dist = 0;
        if (i + MIN_MATCH <= n) {
            unsigned h = hash3(in + i);
            long cand = head[h];
            for (int depth = 0; cand >= 0 && depth < CHAIN_DEPTH; depth++) {
                long len = 0, limit = n - i < MAX_MATCH ? n - i : MAX_MATCH;
                while (len < limit && in[cand + len] == in[i + len])
                    len++;
                if (len > best_len) {
                    best_len = len;
                    best_dist = i - cand;
                }
                cand = prev[cand];
            }
            prev[i] = head[h];
            head[h] = (int32_t)i;
        }
        if (best_len >= MIN_MATCH) {
            flush_literals(in + lit_start, i - lit_start, out, &o);
            out[o++] = (uint8_t)(0x80 | (best_len - MIN_MATCH));
            out[o++] = (uint8_t)best_dist;
            out[o++] = (uint8_t)(best_dist >> 8);
            /* Positions inside the match join the chains too, so later matches can find them. */
            for (long k = 1; k < best_len && i + k + MIN_MATCH <= n; k++) {
                unsigned h = hash3(in + i + k);
                prev[i + k] = head[h];
                head[h] = (int32_t)(i + k);
            }
            i += best_len;
            lit_start = i;
        } else {
            i++;
        }
    }
    flush_literals(in + lit_start, n - lit_start, out, &o);
    return o;
}

static long lz_decode(const uint8_t *tok, long n, uint8_t *out, long cap)
{
    long o = 0;
    for (long t = 0; t < n;) {
        uint8_t b = tok[t++];
        if (b < 0x80) {
            long run = b + 1;
            if (o + run > cap || t + run > n)
                kernel_fail("lz literal run overflows");
            memcpy(out + o, tok + t, run);
            o += run;
            t += run;
        } else {
            long len = (b & 0x7F) + MIN_MATCH;
            long dist = tok[t] | tok[t + 1] << 8;
            t += 2;
            if (dist == 0 || dist > o || o + len > cap)
                kernel_fail("lz match out of range");
            for (long k = 0; k < len; k++, o++)
                out[o] = out[o - dist];
        }
    }
    return o;
}

/* ---- canonical Huffman ---- */

typedef struct {
    uint8_t len[256];
    uint64_t code[256];
    int count[MAX_CODE_LEN + 1];
    int64_t first[MAX_CODE_LEN + 1];
    int offset[MAX_CODE_LEN + 1];
    uint8_t sorted[256];
} huffman_t;

/* Code lengths by repeatedly merging the two lightest trees (nodes 256.. are internal). */
static void huffman_lengths(const uint32_t freq[256], uint8_t len[256])
{
    uint64_t weight[511];
    int parent[511], alive[511], nodes = 256, used = 0;
    for (int s = 0; s < 256; s++) {
        weight[s] = freq[s];
        alive[s] = freq[s] > 0;
        parent[s] = -1;
        used += alive[s];
        len[s] = 0;
    }
    if (used == 1) {
        for (int s = 0; s < 256; s++)
            if (freq[s]) len[s] = 1;
        return;
    }
    for (int merges = 0; merges < used - 1; merges++) {
        int lo1 = -1, lo2 = -1;
        for (int k = 0; k < nodes; k++) {
            if (!alive[k]) continue;
            if (lo1 < 0 || weight[k] < weight[lo1]) {
                lo2 = lo1;
                lo1 = k;
            } else if (lo2 < 0 || weight[k] < weight[lo2]) {
                lo2 = k;
            }
        }
        weight[nodes] = weight[lo1] + weight[lo2];
        alive[nodes] = 1;
        parent[nodes] = -1;
        alive[lo1] = alive[lo2] = 0;
        parent[lo1] = parent[lo2] = nodes;
        nodes++;
    }
    for (int s = 0; s < 256; s++) {
        if (!freq[s]) continue;
        int depth = 0;
        for (int k = s; parent[k] >= 0; k = parent[k])
            depth++;
        if (depth > MAX_CODE_LEN)
            kernel_fail("huffman code too long");
        len[s] = (uint8_t)depth;
    }
}

static void huffman_build(const uint32_t freq[256], huffman_t *h)
{
    huffman_lengths(freq, h->len);
    memset(h->count, 0, sizeof h->count);
    for (int s = 0; s < 256; s++)
        h->count[h->len[s]]++;
    h->count[0] = 0;
    int64_t code = 0;
    int index = 0;
    for (int l = 1; l <= MAX_CODE_LEN; l++) {
        h->first[l] = code;
        h->offset[l] = index;
        int64_t next = code;
        for (int s = 0; s < 256; s++)
            if (h->len[s] == l) {
                h->code[s] = (uint64_t)next++;
                h->sorted[index++] = (uint8_t)s;
            }
        code = (code + h->count[l]) << 1;
    }
}

typedef struct {
    uint8_t *buf;
    long pos;     /* bytes written / read so far */
    uint64_t acc; /* pending bits, most significant first */
    int bits;
} bitstream_t;

static void put_bits(bitstream_t *w, uint64_t code, int len)
{
    for (int k = len - 1; k >= 0; k--) {
        w->acc = w->acc << 1 | ((code >> k) & 1);
        if (++w->bits == 8) {
            w->buf[w->pos++] = (uint8_t)w->acc;
            w->acc = 0;
            w->bits = 0;
        }
    }
}

static void flush_bits(bitstream_t *w)
{
    if (w->bits > 0)
        w->buf[w->pos++] = (uint8_t)(w->acc << (8 - w->bits));
}

static int get_bit(bitstream_t *r)
{
    if (r->bits == 0) {
        r->acc = r->buf[r->pos++];
        r->bits = 8;
    }
    r->bits--;
    return (int)(r->acc >> r->bits) & 1;
}

static int decode_symbol(const huffman_t *h, bitstream_t *r)
{
    int64_t code = 0;
    for (int l = 1; l <= MAX_CODE_LEN; l++) {
        code = code << 1 | get_bit(r);
        int64_t idx = code - h->first[l];
        if (idx >= 0 && idx < h->count[l])
            return h->sorted[h->offset[l] + idx];
    }
    kernel_fail("invalid huffman code");
    return -1;
}

int main(int argc, char **argv)
{
    long total = kernel_size(argc, argv, 64 * 1024, 16L << 20);
    static uint8_t in[BLOCK], back[BLOCK];
    static uint8_t tokens[BLOCK + BLOCK / MAX_RUN + 16], untokens[sizeof tokens];
    static uint8_t packed[2 * sizeof tokens];
    static huffman_t huff;
    rng_t rng = { 2024 };
    long lz_bytes = 0, packed_bytes = 0;
    uint64_t check = 0xCBF29CE484222325ULL;
    for (long done = 0; done < total; done += BLOCK) {
        long n = total - done < BLOCK ? total - done : BLOCK;
        make_text(in, n, &rng);
        long nt = lz_encode(in, n, tokens);

        uint32_t freq[256] = { 0 };
        for (long t = 0; t < nt; t++)
            freq[tokens[t]]++;
        huffman_build(freq, &huff);
        bitstream_t w = { packed, 0, 0, 0 };
        for (long t = 0; t < nt; t++)
            put_bits(&w, huff.code[tokens[t]], huff.len[tokens[t]]);
        flush_bits(&w);

        bitstream_t r = { packed, 0, 0, 0 };
        for (long t = 0; t < nt; t++)
            untokens[t] = (uint8_t)decode_symbol(&huff, &r);
        if (memcmp(tokens, untokens, nt) != 0)
            kernel_fail("huffman round trip");
        if (lz_decode(untokens, nt, back, BLOCK) != n || memcmp(in, back, n) != 0)
            kernel_fail("lz77 round trip");

        lz_bytes += nt;
        packed_bytes += w.pos;
        for (long p = 0; p < w.pos; p++)
            check = (check ^ packed[p]) * 0x100000001B3ULL;
    }
    printf("compress in=%ld lz=%ld packed=%ld ratio=%.4f check=%016llx\n", total, lz_bytes, packed_bytes,
           (double)packed_bytes / (double)total, (unsigned long long)check);
    return 0;
}
