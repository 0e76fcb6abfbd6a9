// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - xmig's memory, strings and name tables. Everything xmig
 * allocates lives until it exits (a compiler run is short); the blocks are
 * chained so xm_free_all() releases them, which keeps leak checkers quiet.
 */
#include <stdlib.h>
#include <string.h>

#include "xmig.h"

struct xm_block {
	struct xm_block *next;
	max_align_t data[];
};

static struct xm_block *xm_blocks;

/* Zeroed memory; out of memory ends the run. */
void *xm_alloc(size_t size)
{
	struct xm_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		xm_die("out of memory");
	b = calloc(1, sizeof(*b) + size);
	if (!b)
		xm_die("out of memory");
	b->next = xm_blocks;
	xm_blocks = b;
	return b->data;
}

void xm_free_all(void)
{
	struct xm_block *b;

	while (xm_blocks) {
		b = xm_blocks;
		xm_blocks = b->next;
		free(b);
	}
}

char *xm_strndup(const char *s, size_t len)
{
	char *d = xm_alloc(len + 1);

	memcpy(d, s, len);
	return d;
}

char *xm_strdup(const char *s)
{
	return xm_strndup(s, strlen(s));
}

char *xm_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		xm_die("bad format");
	s = xm_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* String equality, NULL equal only to NULL. */
bool xm_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Name tables: chained hashing, the newest entry of a name first. */
struct xm_name {
	struct xm_name *next;
	const char *name;
	void *value;
};

#define XM_NAME_BUCKETS	4096

static size_t xm_hash(const char *s)
{
	size_t h = 2166136261U;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619U;
	return h % XM_NAME_BUCKETS;
}

void *xm_names_get(struct xm_names *t, const char *name)
{
	struct xm_name *n;

	if (!t->buckets)
		return NULL;
	for (n = t->buckets[xm_hash(name)]; n; n = n->next)
		if (!strcmp(n->name, name))
			return n->value;
	return NULL;
}

void xm_names_put(struct xm_names *t, const char *name, void *value)
{
	struct xm_name *n = xm_alloc(sizeof(*n));
	size_t h = xm_hash(name);

	if (!t->buckets)
		t->buckets = xm_alloc(XM_NAME_BUCKETS * sizeof(*t->buckets));
	n->name = name;
	n->value = value;
	n->next = t->buckets[h];
	t->buckets[h] = n;
}
