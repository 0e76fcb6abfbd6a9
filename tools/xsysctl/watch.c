// SPDX-License-Identifier: GPL-2.0
/*
 * watch.c - xsysctl --watch: resolves the names, watches their MIBs
 * through a libxnucross event handle, prints each first value, then every
 * change ("name: old -> new") until SIGINT or SIGTERM, which a signalfd
 * polled beside the event descriptor catches.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <sys/sysctl.h>

#include "watch.h"
#include "xnucross_sysctl.h"

/* One watched OID and its last value printed. */
struct watched {
	const char *arg;		/* the name as given */
	char name[1024];		/* the dotted name, from the kernel */
	int mib[CTL_MAXNAME];
	unsigned int miblen;
	unsigned int kind;
	char fmt[64];
	unsigned char *value;		/* NULL: unreadable */
	size_t len;
	int error;			/* why it is unreadable */
};

/* Kind and format of an OID, from the {0,4} meta-OID. */
static int oid_format(struct watched *w)
{
	int q[CTL_MAXNAME + 2] = { CTL_UNSPEC, CTL_SYSCTL_OIDFMT };
	unsigned char buf[sizeof(uint32_t) + sizeof(w->fmt)];
	size_t len = sizeof(buf);
	uint32_t kind;

	memcpy(q + 2, w->mib, w->miblen * sizeof(int));
	if (sysctl(q, w->miblen + 2, buf, &len, NULL, 0))
		return -1;
	if (len < sizeof(kind)) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&kind, buf, sizeof(kind));
	w->kind = kind;
	len -= sizeof(kind);
	if (len >= sizeof(w->fmt))
		len = sizeof(w->fmt) - 1;
	memcpy(w->fmt, buf + sizeof(kind), len);
	w->fmt[len] = '\0';
	return 0;
}

/* The dotted name of an OID, from the {0,1} meta-OID. */
static void oid_name(struct watched *w)
{
	int q[CTL_MAXNAME + 2] = { CTL_UNSPEC, CTL_SYSCTL_NAME };
	size_t len = sizeof(w->name);

	memcpy(q + 2, w->mib, w->miblen * sizeof(int));
	if (sysctl(q, w->miblen + 2, w->name, &len, NULL, 0) || !len) {
		snprintf(w->name, sizeof(w->name), "%s", w->arg);
		return;
	}
	w->name[len < sizeof(w->name) ? len : sizeof(w->name) - 1] = '\0';
}

/* Read the current value into w->value (size probe, then read). */
static void read_value(struct watched *w)
{
	unsigned char *buf = NULL, *p;
	size_t len;
	int tries;

	free(w->value);
	w->value = NULL;
	w->len = 0;
	w->error = 0;
	for (tries = 0; tries < 8; tries++) {
		len = 0;
		if (sysctl(w->mib, w->miblen, NULL, &len, NULL, 0))
			break;
		len += len / 4 + 16;	/* room for growth meanwhile */
		p = realloc(buf, len);
		if (!p) {
			errno = ENOMEM;
			break;
		}
		buf = p;
		if (!sysctl(w->mib, w->miblen, buf, &len, NULL, 0)) {
			w->value = buf;
			w->len = len;
			return;
		}
		if (errno != ENOMEM)
			break;
	}
	w->error = errno;
	free(buf);
}

/* Integers of width size, signed or not, space-separated. */
static void print_numbers(const unsigned char *p, size_t len, size_t size,
			  int is_signed)
{
	const char *sep = "";
	int64_t sv;
	uint64_t uv;

	for (; len >= size; p += size, len -= size) {
		if (size == sizeof(int32_t)) {
			int32_t v;

			memcpy(&v, p, sizeof(v));
			sv = v;
			uv = (uint32_t)v;
		} else {
			memcpy(&sv, p, sizeof(sv));
			uv = (uint64_t)sv;
		}
		if (is_signed)
			printf("%s%" PRId64, sep, sv);
		else
			printf("%s%" PRIu64, sep, uv);
		sep = " ";
	}
}

/* A value as sysctl(8) prints it: numbers, strings, or opaque bytes in hex. */
static void print_value(const struct watched *w, const unsigned char *p,
			size_t len, int error)
{
	const char *fmt = w->fmt;
	size_t size = 0, i;
	int is_signed = 1;

	if (!p) {
		printf("<%s>", strerror(error));
		return;
	}
	switch (w->kind & CTLTYPE) {
	case CTLTYPE_STRING:
		printf("%.*s", (int)strnlen((const char *)p, len), p);
		return;
	case CTLTYPE_INT:
		if (fmt[0] == 'L')
			size = sizeof(long);
		else if (fmt[0] == 'I')
			size = sizeof(int);
		is_signed = fmt[1] != 'U';
		break;
	case CTLTYPE_QUAD:
		size = sizeof(int64_t);
		is_signed = fmt[1] != 'U';
		break;
	}
	if (size && len % size == 0) {
		print_numbers(p, len, size, is_signed);
		return;
	}
	printf("0x");
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
}

static void print_name(const struct watched *w, unsigned int flags)
{
	if (!(flags & XSYSCTL_WATCH_VALUES))
		printf("%s%s", w->name,
		       flags & XSYSCTL_WATCH_EQUALS ? "=" : ": ");
}

/* Print a new value if it differs from the last one, and keep it. */
static void report(struct watched *w, const void *value, size_t len,
		   int error, unsigned int flags)
{
	unsigned char *copy = NULL;

	if (value ? w->value && w->len == len && !memcmp(w->value, value, len) :
		    !w->value && w->error == error)
		return;
	if (value) {
		copy = malloc(len ? len : 1);
		if (!copy) {
			warnx("out of memory");
			return;
		}
		memcpy(copy, value, len);
	}
	print_name(w, flags);
	print_value(w, w->value, w->len, w->error);
	printf(" -> ");
	print_value(w, copy, len, error);
	printf("\n");
	fflush(stdout);
	free(w->value);
	w->value = copy;
	w->len = len;
	w->error = error;
}

static struct watched *find(struct watched *ws, int n, const int *mib,
			    unsigned int miblen)
{
	int i;

	for (i = 0; i < n; i++)
		if (ws[i].miblen == miblen &&
		    !memcmp(ws[i].mib, mib, miblen * sizeof(int)))
			return &ws[i];
	return NULL;
}

/* Watch one name; 0, or -1 after saying why on stderr. */
static int watch_one(struct xnucross_sysctl_events *ev, struct watched *w)
{
	size_t n = CTL_MAXNAME;

	if (sysctlnametomib(w->arg, w->mib, &n)) {
		if (errno == ENOENT)
			warnx("unknown oid '%s'", w->arg);
		else
			warn("%s", w->arg);
		return -1;
	}
	w->miblen = (unsigned int)n;
	if (oid_format(w)) {
		warn("%s", w->arg);
		return -1;
	}
	if ((w->kind & CTLTYPE) == CTLTYPE_NODE) {
		warnx("oid '%s' is a node: watch its leaves", w->arg);
		return -1;
	}
	/* Watch first, then read: no change falls in between. */
	if (xnucross_sysctl_watch(ev, w->mib, w->miblen)) {
		if (errno == EEXIST)	/* named twice */
			return 1;
		warn("cannot watch '%s'", w->arg);
		return -1;
	}
	oid_name(w);
	return 0;
}

static int event_loop(struct xnucross_sysctl_events *ev, int sfd,
		      struct watched *ws, int n, unsigned int flags)
{
	struct xnucross_sysctl_event e;
	struct pollfd pfd[2];
	struct watched *w;
	int i, ret;

	pfd[0].fd = xnucross_sysctl_events_fd(ev);
	pfd[0].events = POLLIN;
	pfd[1].fd = sfd;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			warn("poll");
			return 1;
		}
		if (pfd[1].revents) {
			struct signalfd_siginfo si;

			/* Take it, so unblocking it later does not kill us. */
			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				warn("signalfd");
			return 0;
		}
		while ((ret = xnucross_sysctl_event_next(ev, &e, 0)) == 1) {
			switch (e.type) {
			case XNUCROSS_SYSCTL_EV_CHANGED:
				w = find(ws, n, e.mib, e.miblen);
				if (w)
					report(w, e.has_value ? e.value : NULL,
					       e.valuelen, e.error, flags);
				break;
			case XNUCROSS_SYSCTL_EV_LOST:
				/* Missed events: compare with what is now. */
				for (i = 0; i < n; i++) {
					struct watched now = ws[i];

					if (!ws[i].miblen)
						continue;
					now.value = NULL;
					read_value(&now);
					report(&ws[i], now.value, now.len,
					       now.error, flags);
					free(now.value);
				}
				break;
			case XNUCROSS_SYSCTL_EV_REGISTERED:
			case XNUCROSS_SYSCTL_EV_UNREGISTERED:
				if (!(flags & XSYSCTL_WATCH_EVENTS))
					break;
				printf("%s%s\n",
				       e.type == XNUCROSS_SYSCTL_EV_REGISTERED ?
				       "+" : "-", e.name);
				fflush(stdout);
				break;
			}
		}
		if (ret < 0) {
			warn("reading events");
			return 1;
		}
	}
}

int xsysctl_watch(char *const names[], int count, unsigned int flags)
{
	struct xnucross_sysctl_events *ev;
	int i, failed = 0, watched = 0, sfd, ret;
	struct watched *ws;
	sigset_t sigs, old;

	ws = calloc(count > 0 ? count : 1, sizeof(*ws));
	if (!ws) {
		warnx("out of memory");
		return count + 1;
	}
	ev = xnucross_sysctl_events_open(flags & XSYSCTL_WATCH_EVENTS ?
					 XNUCROSS_SYSCTL_EV_REGISTRATIONS : 0);
	if (!ev) {
		warn("cannot open the sysctl events");
		free(ws);
		return count + 1;
	}
	/* SIGINT and SIGTERM end the watch through a signalfd. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &sigs, &old);
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	if (sfd < 0) {
		warn("signalfd");
		sigprocmask(SIG_SETMASK, &old, NULL);
		xnucross_sysctl_events_close(ev);
		free(ws);
		return count + 1;
	}

	for (i = 0; i < count; i++) {
		ws[i].arg = names[i];
		ret = watch_one(ev, &ws[i]);
		if (ret) {
			if (ret < 0)
				failed++;
			ws[i].miblen = 0;	/* not a watch of its own */
			continue;
		}
		watched++;
		read_value(&ws[i]);
		print_name(&ws[i], flags);
		print_value(&ws[i], ws[i].value, ws[i].len, ws[i].error);
		printf("\n");
	}
	fflush(stdout);

	ret = watched ? event_loop(ev, sfd, ws, count, flags) : 0;

	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	xnucross_sysctl_events_close(ev);
	for (i = 0; i < count; i++)
		free(ws[i].value);
	free(ws);
	return failed + ret;
}
