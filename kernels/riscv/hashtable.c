/* Heap work: a chained hash table of malloc'd string-keyed nodes that grows by rehashing, with
 * inserts, lookups, deletes (free) and re-inserts; then a singly linked list built, reversed and
 * merge-sorted. Size: number of keys. */
#include "kernel.h"

typedef struct node {
    struct node *next;
    uint64_t hash;
    long value;
    char key[]; /* NUL-terminated, allocated with the node */
} node_t;

typedef struct {
    node_t **buckets;
    size_t nbuckets, count;
} table_t;

static uint64_t hash_string(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 0x100000001B3ULL;
    return h;
}

static void table_grow(table_t *t)
{
    size_t n = t->nbuckets ? t->nbuckets * 2 : 16;
    node_t **b = calloc(n, sizeof *b);
    if (!b)
        kernel_fail("out of memory");
    for (size_t i = 0; i < t->nbuckets; i++)
        for (node_t *e = t->buckets[i], *next; e; e = next) {
            next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = n;
}

static node_t **table_slot(table_t *t, const char *key, uint64_t h)
{
    node_t **p = &t->buckets[h & (t->nbuckets - 1)];
    while (*p && ((*p)->hash != h || strcmp((*p)->key, key) != 0))
        p = &(*p)->next;
    return p;
}

/* Adds value to the key's entry, creating it with that value if absent. */
static void table_add(table_t *t, const char *key, long value)
{
    if (t->count >= t->nbuckets * 3 / 4)
        table_grow(t);
    uint64_t h = hash_string(key);
    node_t **p = table_slot(t, key, h);
    if (*p) {
        (*p)->value += value;
        return;
    }
    size_t len = strlen(key);
    node_t *e = malloc(sizeof *e + len + 1);
    if (!e)
        kernel_fail("out of memory");
    memcpy(e->key, key, len + 1);
    e->hash = h;
    e->value = value;
    e->next = NULL;
    *p = e;
    t->count++;
}

static node_t *table_find(table_t *t, const char *key)
{
    return *table_slot(t, key, hash_string(key));
}

static int table_remove(table_t *t, const char *key)
{
    node_t **p = table_slot(t, key, hash_string(key));
    if (!*p)
        return 0;
    node_t *e = *p;
    *p = e->next;
    free(e);
    t->count--;
    return 1;
}

static void make_key(char *buf, uint64_t id)
{
    /* Variable-length keys so the allocator sees many sizes. */
    int len = 4 + (int)(id % 29);
    for (int i = 0; i < len; i++) {
        buf[i] = (char)('a' + (id % 26));
        id = id / 26 + (uint64_t)i * 7919;
    }
    buf[len] = '\0';
}

typedef struct item {
    struct item *next;
    long value;
} item_t;

static item_t *list_merge(item_t *a, item_t *b)
{
    item_t head, *tail = &head;
    while (a && b) {
        if (b->value < a->value) {
            tail->next = b;
            b = b->next;
        } else {
            tail->next = a;
            a = a->next;
        }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return head.next;
}

static item_t *list_sort(item_t *list, long n)
{
    if (n < 2)
        return list;
    item_t *mid = list;
    for (long i = 1; i < n / 2; i++)
        mid = mid->next;
    item_t *second = mid->next;
    mid->next = NULL;
    return list_merge(list_sort(list, n / 2), list_sort(second, n - n / 2));
}

int main(int argc, char **argv)
{
    long n = kernel_size(argc, argv, 6000, 600000);
    table_t t = { 0 };
    rng_t rng = { 77 };
    char key[64];
    /* Ids drawn from a range of 2n, so about a fifth of the inserts hit existing keys. */
    for (long i = 0; i < n; i++) {
        make_key(key, rng_below(&rng, 2 * (uint64_t)n));
        table_add(&t, key, i);
    }
    long found = 0, removed = 0;
    uint64_t check = 0;
    rng_t probe = { 78 };
    for (long i = 0; i < n; i++) {
        make_key(key, rng_below(&probe, 2 * (uint64_t)n));
        node_t *e = table_find(&t, key);
        if (e) {
            found++;
            check = check * 31 + (uint64_t)e->value;
        }
        if (i % 2 == 0)
            removed += table_remove(&t, key);
    }
    for (long i = 0; i < n / 2; i++) {
        make_key(key, rng_below(&probe, 2 * (uint64_t)n));
        table_add(&t, key, -i);
    }
    size_t longest = 0, entries = 0;
    for (size_t b = 0; b < t.nbuckets; b++) {
        size_t len = 0;
        for (node_t *e = t.buckets[b]; e; e = e->next) {
            len++;
            check += e->hash ^ (uint64_t)e->value;
        }
        entries += len;
        longest = len > longest ? len : longest;
    }
    if (entries != t.count)
        kernel_fail("entry count");

    item_t *list = NULL;
    for (long i = 0; i < n; i++) {
        item_t *it = malloc(sizeof *it);
        if (!it)
            kernel_fail("out of memory");
        it->value = (long)rng_below(&rng, 1000000);
        it->next = list;
        list = it;
    }
    item_t *reversed = NULL;
    while (list) {
        item_t *next = list->next;
        list->next = reversed;
        reversed = list;
        list = next;
    }
    list = list_sort(reversed, n);
    long items = 0, prev = -1;
    for (item_t *it = list, *next; it; it = next) {
        if (it->value < prev)
            kernel_fail("list not sorted");
        prev = it->value;
        check = check * 7 + (uint64_t)it->value;
        next = it->next;
        free(it);
        items++;
    }
    if (items != n)
        kernel_fail("list length");
    for (size_t b = 0; b < t.nbuckets; b++)
        for (node_t *e = t.buckets[b], *next; e; e = next) {
            next = e->next;
            free(e);
        }
    free(t.buckets);
    printf("hashtable n=%ld entries=%zu buckets=%zu longest=%zu found=%ld removed=%ld check=%016llx\n", n,
           entries, t.nbuckets, longest, found, removed, (unsigned long long)check);
    return 0;
}
