// SPDX-License-Identifier: GPL-2.0
/*
 * xlsmp - list the Mach port names of a process, as Darwin's lsmp(1) does,
 * from the xnucross module's "xnu_mach" generic netlink dump.
 *
 * Usage:
 *   xlsmp [-j] -p PID
 *   xlsmp [-j] -a
 *
 * For each process: a header line "Process (PID) : COMMAND", then one line
 * per name, in name index order:
 *
 *   name        the name, 0xINDEXGEN (kernel-chosen names end in binary 11)
 *   rights      recv, send, send-once, port-set or dead-name, joined by ','
 *               ("recv,send": both rights under one name), then ",dnreq"
 *               when a dead-name request is armed on the name
 *   urefs       user references
 *   identity    the port's identity: the same value in two lines (of one
 *               process or two) is the same port; "-" for sets and dead names
 *   kobject     the kernel object type of a kernel port, "-" for none
 *   msgs/qlimit queued messages and queue limit (receive rights)
 *   members     ports in a port set
 *   receiver    who holds the receive right: a pid, "kernel", or "-" (in a
 *               message, dead, or not a port)
 *
 * and a summary line. -j prints one JSON object per name instead (keys:
 * pid, name, name_hex, rights (array), dnreq, type, urefs, port_id,
 * kotype, msgcount, qlimit, members, receiver_pid), and nothing else on
 * stdout.
 *
 * A process may be listed by its own user (when it is dumpable) or by root:
 * the rules of ptrace's read access. With -a, processes that cannot be
 * listed (no Mach task, not permitted) are skipped.
 *
 * Exit status: 0 on success, 1 when a process could not be listed (or the
 * module is not loaded), 2 on a usage error.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>

#include "xlsmp.h"
#include "xnu_mach_types.h"

static bool json;

static void usage(FILE *f)
{
	const char *prog = program_invocation_short_name;

	fprintf(f,
		"usage: %s [-j] -p PID\n"
		"       %s [-j] -a\n"
		"List the Mach port names of a process (Darwin's lsmp).\n"
		"  -p, --pid PID   the process to list\n"
		"  -a, --all       every process with a Mach task that may be listed\n"
		"  -j, --json      one JSON object per name\n"
		"  -h, --help      this help\n", prog, prog);
}

/* ---- formatting ---- */

static const struct {
	uint32_t bit;
	const char *name;
} rights[] = {
	{ MACH_PORT_TYPE_RECEIVE, "recv" },
	{ MACH_PORT_TYPE_SEND, "send" },
	{ MACH_PORT_TYPE_SEND_ONCE, "send-once" },
	{ MACH_PORT_TYPE_PORT_SET, "port-set" },
	{ MACH_PORT_TYPE_DEAD_NAME, "dead-name" },
};

#define NRIGHTS	(sizeof(rights) / sizeof(rights[0]))

/* The rights of a type as lsmp spells them: "recv,send", "dead-name", ... */
static void rights_str(uint32_t type, char *buf, size_t len)
{
	uint32_t known = MACH_PORT_TYPE_DNREQUEST;
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < NRIGHTS; i++) {
		known |= rights[i].bit;
		if (type & rights[i].bit)
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      n ? "," : "", rights[i].name);
	}
	if (type & ~known)
		n += snprintf(buf + n, n < len ? len - n : 0, "%s0x%x",
			      n ? "," : "", type & ~known);
	if (type & MACH_PORT_TYPE_DNREQUEST)
		n += snprintf(buf + n, n < len ? len - n : 0, "%sdnreq",
			      n ? "," : "");
	if (!n)
		snprintf(buf, len, "none");
}

static bool is_port(uint32_t type)
{
	return type & MACH_PORT_TYPE_PORT_RIGHTS;
}

static void receiver_str(const struct xlsmp_entry *e, char *buf, size_t len)
{
	if (!is_port(e->type) || e->receiver_pid < 0)
		snprintf(buf, len, "-");
	else if (e->receiver_pid == 0)
		snprintf(buf, len, "kernel");
	else
		snprintf(buf, len, "%" PRId32, e->receiver_pid);
}

/* The command of a process, from /proc/PID/comm ("?" if unknown). */
static void process_name(uint32_t pid, char *buf, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%" PRIu32 "/comm", pid);
	snprintf(buf, len, "?");
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_json(const struct xlsmp_entry *e)
{
	const char *sep = "";
	size_t i;

	printf("{\"pid\":%" PRIu32 ",\"name\":%" PRIu32
	       ",\"name_hex\":\"0x%08" PRIx32 "\",\"rights\":[",
	       e->pid, e->name, e->name);
	for (i = 0; i < NRIGHTS; i++) {
		if (e->type & rights[i].bit) {
			printf("%s\"%s\"", sep, rights[i].name);
			sep = ",";
		}
	}
	printf("],\"dnreq\":%s,\"type\":%" PRIu32 ",\"urefs\":%" PRIu32
	       ",\"port_id\":%" PRIu64 ",\"kotype\":",
	       e->type & MACH_PORT_TYPE_DNREQUEST ? "true" : "false",
	       e->type, e->urefs, e->port_id);
	json_string(e->kotype);
	printf(",\"msgcount\":%" PRIu32 ",\"qlimit\":%" PRIu32
	       ",\"members\":%" PRIu32 ",\"receiver_pid\":%" PRId32 "}\n",
	       e->msgcount, e->qlimit, e->members, e->receiver_pid);
}

#define ROW_FMT	"%-10s  %-18s  %5s  %-10s  %-*s  %11s  %7s  %s\n"

/* Width of the kobject column: its longest value. */
static int kotype_width;

static void print_line(const struct xlsmp_entry *e)
{
	char name[16], rts[64], urefs[16], id[24], msgs[32], members[16];
	char recv[16];

	snprintf(name, sizeof(name), "0x%08" PRIx32, e->name);
	rights_str(e->type, rts, sizeof(rts));
	snprintf(urefs, sizeof(urefs), "%" PRIu32, e->urefs);
	if (e->port_id)
		snprintf(id, sizeof(id), "0x%08" PRIx64, e->port_id);
	else
		snprintf(id, sizeof(id), "-");
	if (e->type & MACH_PORT_TYPE_RECEIVE)
		snprintf(msgs, sizeof(msgs), "%" PRIu32 "/%" PRIu32,
			 e->msgcount, e->qlimit);
	else
		snprintf(msgs, sizeof(msgs), "-");
	if (e->type & MACH_PORT_TYPE_PORT_SET)
		snprintf(members, sizeof(members), "%" PRIu32, e->members);
	else
		snprintf(members, sizeof(members), "-");
	receiver_str(e, recv, sizeof(recv));
	printf(ROW_FMT, name, rts, urefs, id, kotype_width,
	       e->kotype[0] ? e->kotype : "-", msgs, members, recv);
}

static void print_table(uint32_t pid, const struct xlsmp_space *space)
{
	size_t i, counts[NRIGHTS] = { 0 };
	char comm[64];
	size_t r;

	kotype_width = 12;
	for (i = 0; i < space->count; i++)
		if ((int)strlen(space->entries[i].kotype) > kotype_width)
			kotype_width = (int)strlen(space->entries[i].kotype);
	process_name(pid, comm, sizeof(comm));
	printf("Process (%" PRIu32 ") : %s\n", pid, comm);
	printf(ROW_FMT, "  name", "rights", "urefs", "identity", kotype_width,
	       "kobject", "msgs/qlimit", "members", "receiver");
	printf(ROW_FMT, "----------", "------------------", "-----",
	       "----------", kotype_width, "------------", "-----------",
	       "-------", "--------");
	for (i = 0; i < space->count; i++) {
		print_line(&space->entries[i]);
		for (r = 0; r < NRIGHTS; r++)
			if (space->entries[i].type & rights[r].bit)
				counts[r]++;
	}
	printf("total: %zu name%s", space->count, space->count == 1 ? "" : "s");
	for (r = 0; r < NRIGHTS; r++)
		printf("%s %zu %s", r ? "," : ":", counts[r], rights[r].name);
	printf("\n");
}

/* ---- listing ---- */

/*
 * List one process. Returns 0, or -errno after printing why unless quiet
 * (then -ESRCH and -EPERM are not printed).
 */
static int list_one(struct xlsmp_nl *nl, uint32_t pid, bool quiet,
		    bool *first)
{
	struct xlsmp_space space = { 0 };
	char msg[256];
	size_t i;
	int ret;

	ret = xlsmp_dump(nl, pid, &space, msg, sizeof(msg));
	if (ret) {
		xlsmp_space_free(&space);
		if (quiet && (ret == -ESRCH || ret == -EPERM))
			return ret;
		/* 6.1 drops the explanation of a failed dump start: guess it. */
		if (ret == -ESRCH && !msg[0])
			snprintf(msg, sizeof(msg), "%s",
				 kill((pid_t)pid, 0) && errno == ESRCH ?
				 "no such process" :
				 "the process has no Mach task");
		if (ret == -ESRCH && !strcmp(msg, "the process has no Mach task"))
			fprintf(stderr,
				"xlsmp: pid %" PRIu32 ": the process has no Mach task (it has made no Mach call)\n",
				pid);
		else if (ret == -ESRCH)
			fprintf(stderr, "xlsmp: pid %" PRIu32 ": %s\n", pid, msg);
		else if (ret == -EPERM)
			fprintf(stderr,
				"xlsmp: pid %" PRIu32 ": not permitted to inspect this process (list it as its user, or as root)\n",
				pid);
		else
			fprintf(stderr, "xlsmp: pid %" PRIu32 ": %s%s%s\n", pid,
				strerror(-ret), msg[0] ? ": " : "", msg);
		return ret;
	}
	/* The thread group's pid, when a thread id was given. */
	if (space.count)
		pid = space.entries[0].pid;
	if (json) {
		for (i = 0; i < space.count; i++)
			print_json(&space.entries[i]);
	} else {
		if (!*first)
			printf("\n");
		print_table(pid, &space);
	}
	*first = false;
	xlsmp_space_free(&space);
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Every process in /proc, in pid order; 0 or -1 after printing why. */
static int list_all(struct xlsmp_nl *nl)
{
	uint32_t *pids = NULL, *p;
	size_t n = 0, cap = 0, i, listed = 0, denied = 0;
	struct dirent *de;
	bool first = true;
	char *end;
	DIR *d;
	int ret;

	d = opendir("/proc");
	if (!d) {
		fprintf(stderr, "xlsmp: /proc: %s\n", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		unsigned long v;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		v = strtoul(de->d_name, &end, 10);
		if (*end || !v || v > INT32_MAX)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			p = realloc(pids, cap * sizeof(*pids));
			if (!p) {
				fprintf(stderr, "xlsmp: out of memory\n");
				free(pids);
				closedir(d);
				return -1;
			}
			pids = p;
		}
		pids[n++] = (uint32_t)v;
	}
	closedir(d);
	qsort(pids, n, sizeof(*pids), cmp_u32);
	for (i = 0; i < n; i++) {
		ret = list_one(nl, pids[i], true, &first);
		if (!ret)
			listed++;
		else if (ret == -EPERM)
			denied++;
		else if (ret != -ESRCH)
			break;
	}
	free(pids);
	if (i < n)
		return -1;
	if (!listed)
		fprintf(stderr, "xlsmp: no process with a Mach task%s\n",
			denied ? " that may be listed" : "");
	if (denied)
		fprintf(stderr,
			"xlsmp: %zu process%s with a Mach task not listed: not permitted\n",
			denied, denied == 1 ? "" : "es");
	return 0;
}

/* A pid argument: a decimal number from 1 to INT32_MAX. */
static bool parse_pid(const char *s, uint32_t *pid)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !v || v > INT32_MAX)
		return false;
	*pid = (uint32_t)v;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct xlsmp_nl *nl;
	bool all = false, have_pid = false, first = true;
	uint32_t pid = 0;
	int ch, ret;

	while ((ch = getopt_long(argc, argv, "p:ajh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			if (!parse_pid(optarg, &pid)) {
				fprintf(stderr, "xlsmp: -p: not a pid: '%s'\n",
					optarg);
				return 2;
			}
			have_pid = true;
			break;
		case 'a':
			all = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || all == have_pid) {
		usage(stderr);
		return 2;
	}

	ret = xlsmp_nl_open(&nl);
	if (ret == -ENODEV) {
		fprintf(stderr,
			"xlsmp: the xnucross module is not loaded, or has no Mach IPC (no generic netlink family \"%s\"); load it with 'sudo modprobe xnucross' when installed, or 'sudo insmod kmod/build/$(uname -r)/xnucross.ko' from the build tree\n",
			XNU_MACH_GENL_NAME);
		return 1;
	}
	if (ret) {
		fprintf(stderr, "xlsmp: generic netlink: %s\n", strerror(-ret));
		return 1;
	}
	if (all)
		ret = list_all(nl);
	else
		ret = list_one(nl, pid, false, &first);
	xlsmp_nl_close(nl);
	return ret ? 1 : 0;
}
