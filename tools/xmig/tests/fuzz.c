// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - a mutation fuzz of xmig: each run takes a preprocessed fixture,
 * changes it in one to four places (bytes, spans cut or repeated, words
 * swapped for MIG keywords, types, punctuation or odd numbers) and runs
 * xmig (normally the ASan/UBSan build) on it with every output. A run
 * passes when xmig exits 0, or exits 1 with a "file:line: message" (or
 * "xmig: message") error; a signal, another exit status (the sanitizers
 * exit 98/99), a sanitizer report or a run over 20 seconds is a failure,
 * and its input is kept as WORKDIR/fail-<run>.defs.
 *
 *   fuzz XMIG RUNS WORKDIR SEED.defs...   (XMIG_FUZZ_SEED picks the PRNG)
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FZ_MAX		(1U << 20)
#define FZ_ERR		65536

static uint64_t fz_state;

static uint32_t fz_rand(void)
{
	fz_state ^= fz_state << 13;
	fz_state ^= fz_state >> 7;
	fz_state ^= fz_state << 17;
	return (uint32_t)(fz_state >> 11);
}

static uint32_t fz_below(uint32_t n)
{
	return n ? fz_rand() % n : 0;
}

static const char *const fz_words[] = {
	"routine", "simpleroutine", "subsystem", "KernelServer", "KernelUser",
	"skip", "type", "import", "uimport", "simport", "in", "out", "inout",
	"RequestPort", "ReplyPort", "ServerAuditToken", "WaitTime",
	"MsgOption", "array", "of", "struct", "c_string", "intran:",
	"outtran:", "destructor:", "ctype:", "cusertype:", "cservertype:",
	"CountInOut", "SameCount", "Dealloc", "Dealloc[]", "NotDealloc",
	"PhysicalCopy", "polymorphic", "MACH_MSG_TYPE_COPY_SEND",
	"MACH_MSG_TYPE_MOVE_RECEIVE", "MACH_MSG_TYPE_MAKE_SEND_ONCE",
	"MACH_MSG_TYPE_PORT_NAME", "MACH_MSG_TYPE_INTEGER_64",
	"MACH_MSG_TYPE_BYTE", "MACH_MSG_TYPE_BIT", "MACH_MSG_TYPE_STRING",
	"int", "mach_port_t", "pointer_t", "boolean_t", "^", "[]", "[*]",
	"[*:0]", "[*:3]", "[0]", "[4]", "array[*:8] of", "struct[2] of",
	"^array[] of", ";", ":", ",", "(", ")", "=", "|", "+", "*", "/",
	"0", "1", "4294967295", "4294967296", "2147483647", "65536",
	"\"x.h\"", "<y.h>", "#", "/*", "*/", "\"", "\n# 1 \"z.defs\"\n",
	"UserPrefix u_", "ServerPrefix s_", "ServerDemux d",
};

static char *fz_read(const char *path, size_t *len)
{
	char *buf = malloc(FZ_MAX);
	FILE *f = fopen(path, "r");

	if (!buf || !f) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	*len = fread(buf, 1, FZ_MAX / 4, f);
	fclose(f);
	return buf;
}

/* Replace @n bytes at @at by @ins (of @ilen bytes). */
static void fz_splice(char *buf, size_t *len, size_t at, size_t n,
		      const char *ins, size_t ilen)
{
	if (at > *len)
		at = *len;
	if (n > *len - at)
		n = *len - at;
	if (*len - n + ilen >= FZ_MAX)
		return;
	memmove(buf + at + ilen, buf + at + n, *len - at - n);
	memcpy(buf + at, ins, ilen);
	*len = *len - n + ilen;
}

/* Words that can stand for each other: swapping them often keeps a
 * definition valid, so the generators see more variety. */
static const char *const fz_classes[][8] = {
	{ "in", "out", "inout", "RequestPort", "ReplyPort", "WaitTime",
	  "MsgOption", "ServerAuditToken" },
	{ "CountInOut", "SameCount", "Dealloc", "NotDealloc", "PhysicalCopy",
	  "Auto", "Const", "Dealloc[]" },
	{ "int", "boolean_t", "mach_port_t", "mach_port_name_t", "natural_t",
	  "pointer_t", "mach_port_move_send_t", "mach_port_poly_t" },
	{ "routine", "simpleroutine", "routine", "simpleroutine", "skip",
	  "routine", "routine", "simpleroutine" },
	{ "MACH_MSG_TYPE_COPY_SEND", "MACH_MSG_TYPE_MAKE_SEND",
	  "MACH_MSG_TYPE_MOVE_SEND", "MACH_MSG_TYPE_MAKE_SEND_ONCE",
	  "MACH_MSG_TYPE_MOVE_RECEIVE", "MACH_MSG_TYPE_INTEGER_32",
	  "MACH_MSG_TYPE_INTEGER_16", "polymorphic" },
	{ "[*:16]", "[*:1]", "[4]", "[1]", "[*:3]", "[]", "[*:255]", "[2]" },
};

static bool fz_word_at(const char *buf, size_t len, size_t at, const char *w)
{
	size_t n = strlen(w);

	return at + n <= len && !memcmp(buf + at, w, n) &&
	       (at + n == len || !(buf[at + n] == '_' ||
				   (buf[at + n] >= 'a' && buf[at + n] <= 'z') ||
				   (buf[at + n] >= 'A' && buf[at + n] <= 'Z') ||
				   (buf[at + n] >= '0' && buf[at + n] <= '9')));
}

/* Swap some class word for another of its class; false if none seen. */
static bool fz_swap(char *buf, size_t *len)
{
	size_t start = fz_below((uint32_t)*len + 1), at, c, k;
	const char *w;

	for (at = start; at < *len; at++) {
		for (c = 0; c < sizeof(fz_classes) / sizeof(fz_classes[0]); c++) {
			for (k = 0; k < 8; k++) {
				if (at && (buf[at - 1] == '_' ||
					   (buf[at - 1] >= 'a' && buf[at - 1] <= 'z')))
					continue;
				if (!fz_word_at(buf, *len, at, fz_classes[c][k]))
					continue;
				w = fz_classes[c][fz_below(8)];
				fz_splice(buf, len, at, strlen(fz_classes[c][k]),
					  w, strlen(w));
				return true;
			}
		}
	}
	return false;
}

static void fz_mutate(char *buf, size_t *len)
{
	static const char bytes[] = ";:,()[]*^|=<>\"#/\n 0123456789aZ_\t";
	size_t at = fz_below((uint32_t)*len + 1), n, from;
	const char *w;
	char c;

	switch (fz_below(6)) {
	case 0:	/* one byte */
		c = fz_below(4) ? bytes[fz_below(sizeof(bytes) - 1)] :
				  (char)fz_rand();
		fz_splice(buf, len, at, fz_below(2), &c, 1);
		break;
	case 1:	/* cut a span */
		fz_splice(buf, len, at, fz_below(64) + 1, "", 0);
		break;
	case 2:	/* repeat a span elsewhere */
		from = fz_below((uint32_t)*len + 1);
		n = fz_below(128) + 1;
		if (n > *len - from)
			n = *len - from;
		{
			char tmp[128];

			memcpy(tmp, buf + from, n);
			fz_splice(buf, len, at, 0, tmp, n);
		}
		break;
	case 3:	/* truncate */
		*len = at;
		break;
	default:	/* a word, replacing one or inserted */
		w = fz_words[fz_below(sizeof(fz_words) / sizeof(fz_words[0]))];
		n = 0;
		if (fz_below(2))
			while (at + n < *len && buf[at + n] != ' ' &&
			       buf[at + n] != '\n' && buf[at + n] != '\t' && n < 32)
				n++;
		fz_splice(buf, len, at, n, w, strlen(w));
		fz_splice(buf, len, at + strlen(w), 0, " ", 1);
		break;
	}
}

static void fz_write(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		exit(2);
	}
}

/* The first line has ":<line>: " (the file name may hold anything). */
static bool fz_located(const char *err)
{
	const char *p, *eol = strchr(err, '\n');

	for (p = err; *p && (!eol || p < eol); p++) {
		const char *d = p + 1;

		if (*p != ':' || *d < '0' || *d > '9')
			continue;
		while (*d >= '0' && *d <= '9')
			d++;
		if (d[0] == ':' && d[1] == ' ')
			return true;
	}
	return false;
}

/* Run xmig; 0 ok, 1 a clean error, -1 a failure. */
static int fz_run(const char *xmig, const char *dir, int run, char *err)
{
	char in[4096], o[6][4096];
	const char *argv[20];
	int fds[2], status, n = 0, i;
	size_t got = 0;
	time_t start;
	ssize_t r;
	pid_t pid;

	snprintf(in, sizeof(in), "%s/in.defs", dir);
	for (i = 0; i < 6; i++)
		snprintf(o[i], sizeof(o[i]), "%s/out%d", dir, i);
	argv[n++] = xmig;
	argv[n++] = "-q";
	argv[n++] = "-preprocessed";
	argv[n++] = in;
	if (run % 7 == 6) {
		argv[n++] = "-layout";
	} else {
		argv[n++] = "-user";
		argv[n++] = o[0];
		argv[n++] = "-header";
		argv[n++] = o[1];
		argv[n++] = "-server";
		argv[n++] = o[2];
		argv[n++] = "-sheader";
		argv[n++] = o[3];
		if (run % 2) {
			argv[n++] = "-kserver";
			argv[n++] = o[4];
			argv[n++] = "-ksheader";
			argv[n++] = o[5];
		}
	}
	argv[n] = NULL;
	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(fds[1], 2);
		close(fds[0]);
		execv(xmig, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	start = time(NULL);
	for (;;) {
		r = read(fds[0], err + got, FZ_ERR - 1 - got);
		if (r > 0)
			got += (size_t)r;
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (time(NULL) - start > 20) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			strcpy(err, "timeout\n");
			close(fds[0]);
			return -1;
		}
		usleep(200);
	}
	while ((r = read(fds[0], err + got, FZ_ERR - 1 - got)) > 0)
		got += (size_t)r;
	close(fds[0]);
	err[got] = '\0';
	if (strstr(err, "Sanitizer") || strstr(err, "runtime error"))
		return -1;
	if (!WIFEXITED(status))
		return -1;
	if (WEXITSTATUS(status) == 0)
		return 0;
	if (WEXITSTATUS(status) != 1 || !got)
		return -1;
	/* "path:line: message" or "xmig: message" */
	if (!strncmp(err, "xmig: ", 6) || fz_located(err))
		return 1;
	return -1;
}

int main(int argc, char **argv)
{
	static char err[FZ_ERR];
	size_t *lens, len;
	int runs, i, k, nseeds, ok = 0, rejected = 0, failed = 0;
	const char *env = getenv("XMIG_FUZZ_SEED");
	char **seeds, *buf, path[4096];

	if (argc < 5) {
		fprintf(stderr, "usage: fuzz XMIG RUNS WORKDIR SEED.defs...\n");
		return 2;
	}
	runs = atoi(argv[2]);
	nseeds = argc - 4;
	seeds = calloc((size_t)nseeds, sizeof(*seeds));
	lens = calloc((size_t)nseeds, sizeof(*lens));
	buf = malloc(FZ_MAX);
	if (!seeds || !lens || !buf)
		return 2;
	for (i = 0; i < nseeds; i++)
		seeds[i] = fz_read(argv[4 + i], &lens[i]);
	fz_state = env ? strtoull(env, NULL, 0) : 1;
	if (!fz_state)
		fz_state = 1;
	for (i = 0; i < runs; i++) {
		len = lens[i % nseeds];
		memcpy(buf, seeds[i % nseeds], len);
		if (fz_below(3) == 0) {
			/* gentle: keep it mostly valid */
			for (k = (int)fz_below(3); k >= 0; k--)
				fz_swap(buf, &len);
		} else {
			for (k = (int)fz_below(4); k >= 0; k--)
				fz_mutate(buf, &len);
		}
		snprintf(path, sizeof(path), "%s/in.defs", argv[3]);
		fz_write(path, buf, len);
		switch (fz_run(argv[1], argv[3], i, err)) {
		case 0:
			ok++;
			break;
		case 1:
			rejected++;
			break;
		default:
			failed++;
			snprintf(path, sizeof(path), "%s/fail-%d.defs", argv[3], i);
			fz_write(path, buf, len);
			fprintf(stderr, "fuzz: run %d failed (input kept as %s):\n%.2000s\n",
				i, path, err);
			break;
		}
	}
	printf("fuzz: %d runs: %d accepted, %d rejected with an error, %d failed\n",
	       runs, ok, rejected, failed);
	return failed ? 1 : 0;
}
