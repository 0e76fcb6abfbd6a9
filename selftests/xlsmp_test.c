// SPDX-License-Identifier: GPL-2.0
/*
 * xlsmp_test - the xlsmp tool (Darwin's lsmp) run as a program, and the
 * "xnu_mach" generic netlink family behind it (uapi/xnu_mach_genl.h):
 *
 *  - a space of known rights (a receive right with a send right under the
 *    same name, queued messages and qlimit 7; a send-once right to it with
 *    a dead-name request; a notification port; a port set of two members;
 *    a dead name with three references; a send-once right whose port died;
 *    a send right whose receive right travels in a queued message; the
 *    task port and the bootstrap port) listed with "xlsmp -p PID", "-j" and
 *    a thread id: every column of every name, the names and types equal to
 *    mach_port_names(), index order, the header and the summary line;
 *  - two processes: a send right shows the other process as the receiver
 *    and the same identity as its receive right there; after that process
 *    exits, a dead name and the dead-name notification;
 *  - errors and permissions: an unknown pid, a process without a Mach
 *    task, usage errors; nobody may not list a root process, may list its
 *    own user's process when it is dumpable and not when it is not; root
 *    lists anyone; -a;
 *  - a space of 100,000 names listed completely (table and JSON);
 *  - the dump as raw netlink: every message's attributes (types, sizes,
 *    NLM_F_MULTI, the genl header), the same entries as xlsmp, the own
 *    space with no pid or pid 0, and the requests the family refuses
 *    (EOPNOTSUPP, EINVAL for strict validation, ESRCH, EPERM, with the
 *    extended ack's explanation where the kernel gives one).
 *
 * The program is /usr/bin/xlsmp (the guest's PATH), or $XLSMP; it runs with
 * argv[0] "xlsmp", so its messages start "xlsmp: ".
 */
#include <ctype.h>
#include <inttypes.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "xnu_mach_genl.h"
#include "xnu_mach_selftest.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* Names in the large space. */
#define XL_BIG		100000

/* ---- running xlsmp ------------------------------------------------------- */

/* What one run printed, and how it ended. */
struct xl_run {
	char *out;
	size_t outlen;
	char *err;
	size_t errlen;
	int status;		/* exit status, or 128 + signal */
};

static const char *xl_path(void)
{
	const char *p = getenv("XLSMP");

	return p && *p ? p : "/usr/bin/xlsmp";
}

/* The whole content of a file descriptor (a memfd), NUL-terminated. */
static char *xl_slurp(int fd, size_t *len)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;

	if (fstat(fd, &st))
		return NULL;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return NULL;
	while (got < (size_t)st.st_size) {
		n = pread(fd, buf + got, (size_t)st.st_size - got, (off_t)got);
		if (n <= 0) {
			free(buf);
			return NULL;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

static void xl_free(struct xl_run *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

/*
 * Run xlsmp with args (NULL-terminated), as nobody if asked, its standard
 * output and error caught whole in memory files. 0, or -1 when it could
 * not be run at all.
 */
static int xl_exec(struct xl_run *r, bool nobody, const char *const *args)
{
	const char *argv[16];
	int out, err, status, i;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	argv[0] = "xlsmp";
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;

	out = memfd_create("xlsmp-out", MFD_CLOEXEC);
	err = memfd_create("xlsmp-err", MFD_CLOEXEC);
	if (out < 0 || err < 0)
		goto fail;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		if (dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		if (nobody && xnu_drop_to_nobody())
			_exit(125);
		execv(xl_path(), (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		goto fail;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) :
		    128 + WTERMSIG(status);
	r->out = xl_slurp(out, &r->outlen);
	r->err = xl_slurp(err, &r->errlen);
	close(out);
	close(err);
	if (!r->out || !r->err) {
		xl_free(r);
		return -1;
	}
	return 0;
fail:
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	return -1;
}

#define XL_ARGS(...)	((const char *const []){ __VA_ARGS__, NULL })

/* Run (as root, or as nobody); end the test when xlsmp cannot be run. */
#define RUN(r, ...) \
	ASSERT_EQ(0, xl_exec((r), false, XL_ARGS(__VA_ARGS__))) { \
		TH_LOG("cannot run %s", xl_path()); \
	}

#define RUN_NOBODY(r, ...) \
	ASSERT_EQ(0, xl_exec((r), true, XL_ARGS(__VA_ARGS__))) { \
		TH_LOG("cannot run %s", xl_path()); \
	}

/* A successful run: status 0, nothing on standard error. */
#define EXPECT_RUN_OK(r) do { \
		EXPECT_EQ(0, (r)->status); \
		EXPECT_STREQ("", (r)->err); \
	} while (0)

/* ---- one name, as xlsmp -j or the raw dump describe it ------------------- */

struct xl_entry {
	uint32_t pid;
	uint32_t name;
	uint32_t type;
	uint32_t urefs;
	uint64_t port_id;
	char kotype[XNU_MACH_GENL_KOTYPE_LEN];
	uint32_t msgcount;
	uint32_t qlimit;
	uint32_t members;
	int32_t receiver_pid;
	/* -j only */
	char rights[80];	/* the "rights" array, joined with ',' */
	bool dnreq;
	char name_hex[16];
};

struct xl_list {
	struct xl_entry *e;
	size_t count;
	size_t cap;
	char bad[256];		/* the first format problem, "" if none */
};

static void xl_list_free(struct xl_list *l)
{
	free(l->e);
	memset(l, 0, sizeof(*l));
}

static struct xl_entry *xl_list_add(struct xl_list *l)
{
	struct xl_entry *e;

	if (l->count == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;

		e = realloc(l->e, cap * sizeof(*e));
		if (!e)
			return NULL;
		l->e = e;
		l->cap = cap;
	}
	e = &l->e[l->count++];
	memset(e, 0, sizeof(*e));
	return e;
}

static const struct xl_entry *xl_find(const struct xl_list *l,
				      uint32_t name)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (l->e[i].name == name)
			return &l->e[i];
	return NULL;
}

/* ---- JSON lines ---------------------------------------------------------- */

/* The keys of an -j object, in the order xlsmp prints them. */
static const char *const xl_keys[] = {
	"pid", "name", "name_hex", "rights", "dnreq", "type", "urefs",
	"port_id", "kotype", "msgcount", "qlimit", "members", "receiver_pid",
};

#define XL_NKEYS	(sizeof(xl_keys) / sizeof(xl_keys[0]))

/* A JSON string at *p (after its opening quote) into buf; false if bad. */
static bool js_string(const char **p, char *buf, size_t len)
{
	const char *s = *p;
	size_t n = 0;

	while (*s && *s != '"') {
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				unsigned int c;

				if (sscanf(s + 1, "%4x", &c) != 1)
					return false;
				s += 5;
				if (n + 1 < len)
					buf[n++] = (char)c;
				continue;
			}
			if (*s != '"' && *s != '\\')
				return false;
		}
		if (n + 1 < len)
			buf[n++] = *s;
		s++;
	}
	if (*s != '"')
		return false;
	buf[n] = '\0';
	*p = s + 1;
	return true;
}

/* An unsigned decimal number at *p, no more than max. */
static bool js_number(const char **p, uint64_t max, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)**p))
		return false;
	errno = 0;
	*v = strtoull(*p, &end, 10);
	if (errno || *v > max || (**p == '0' && end != *p + 1))
		return false;
	*p = end;
	return true;
}

/* A signed decimal number at *p, as an int32. */
static bool js_int32(const char **p, int32_t *v)
{
	uint64_t u;
	bool neg = **p == '-';

	if (neg)
		(*p)++;
	if (!js_number(p, neg ? 0x80000000ULL : INT32_MAX, &u))
		return false;
	*v = neg ? (int32_t)-(int64_t)u : (int32_t)u;
	return true;
}

/* The array of rights at *p (after '['), joined with ',' into buf. */
static bool js_rights(const char **p, char *buf, size_t len)
{
	char one[32];
	size_t n = 0;

	buf[0] = '\0';
	if (**p == ']') {
		(*p)++;
		return true;
	}
	for (;;) {
		if (**p != '"')
			return false;
		(*p)++;
		if (!js_string(p, one, sizeof(one)))
			return false;
		n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
			      n ? "," : "", one);
		if (**p == ']') {
			(*p)++;
			return n < len;
		}
		if (**p != ',')
			return false;
		(*p)++;
	}
}

/* One value, for key number k, at *p into e. */
static bool js_value(const char **p, size_t k, struct xl_entry *e)
{
	uint64_t v;

	switch (k) {
	case 2:		/* name_hex */
	case 8:		/* kotype */
		if (**p != '"')
			return false;
		(*p)++;
		return js_string(p, k == 2 ? e->name_hex : e->kotype,
				 k == 2 ? sizeof(e->name_hex) :
				 sizeof(e->kotype));
	case 3:		/* rights */
		if (**p != '[')
			return false;
		(*p)++;
		return js_rights(p, e->rights, sizeof(e->rights));
	case 4:		/* dnreq */
		if (!strncmp(*p, "true", 4)) {
			e->dnreq = true;
			*p += 4;
			return true;
		}
		if (!strncmp(*p, "false", 5)) {
			e->dnreq = false;
			*p += 5;
			return true;
		}
		return false;
	case 7:		/* port_id */
		return js_number(p, UINT64_MAX, &e->port_id);
	case 12:	/* receiver_pid */
		return js_int32(p, &e->receiver_pid);
	}
	if (!js_number(p, UINT32_MAX, &v))
		return false;
	switch (k) {
	case 0:
		e->pid = (uint32_t)v;
		break;
	case 1:
		e->name = (uint32_t)v;
		break;
	case 5:
		e->type = (uint32_t)v;
		break;
	case 6:
		e->urefs = (uint32_t)v;
		break;
	case 9:
		e->msgcount = (uint32_t)v;
		break;
	case 10:
		e->qlimit = (uint32_t)v;
		break;
	case 11:
		e->members = (uint32_t)v;
		break;
	}
	return true;
}

/* One line of -j: exactly the keys of xl_keys, in order. */
static bool js_line(const char *line, struct xl_entry *e)
{
	const char *p = line;
	char key[32];
	size_t k;

	if (*p++ != '{')
		return false;
	for (k = 0; k < XL_NKEYS; k++) {
		if (k && *p++ != ',')
			return false;
		if (*p++ != '"' || !js_string(&p, key, sizeof(key)) ||
		    strcmp(key, xl_keys[k]) || *p++ != ':' ||
		    !js_value(&p, k, e))
			return false;
	}
	return p[0] == '}' && (p[1] == '\n' || p[1] == '\0');
}

/* Every line of an -j output into l; a bad line is noted in l->bad. */
static int js_parse(const char *out, struct xl_list *l)
{
	const char *line = out, *nl;
	struct xl_entry *e;

	memset(l, 0, sizeof(*l));
	while (*line) {
		nl = strchr(line, '\n');
		if (!nl) {
			snprintf(l->bad, sizeof(l->bad),
				 "last line without a newline: '%.80s'", line);
			return -1;
		}
		e = xl_list_add(l);
		if (!e)
			return -1;
		if (!js_line(line, e)) {
			snprintf(l->bad, sizeof(l->bad), "line %zu: '%.*s'",
				 l->count, (int)(nl - line < 160 ? nl - line :
						 160), line);
			return -1;
		}
		line = nl + 1;
	}
	return 0;
}

/* ---- the table ----------------------------------------------------------- */

struct xl_row {
	uint32_t name;
	char rights[64];
	char urefs[16];
	char id[24];
	char kobject[40];
	char msgs[32];
	char members[16];
	char receiver[16];
};

struct xl_table {
	int pid;
	char comm[64];
	struct xl_row *rows;
	size_t count;
	char total[256];	/* the summary line, without its newline */
	char bad[256];
};

static void xl_table_free(struct xl_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* One row: eight columns, the name in the form 0x%08x. */
static bool tb_row(const char *line, struct xl_row *r)
{
	char name[24], check[24];
	unsigned long v;
	char *end;
	int n = -1;

	if (sscanf(line, "%23s %63s %15s %23s %39s %31s %15s %15s %n", name,
		   r->rights, r->urefs, r->id, r->kobject, r->msgs,
		   r->members, r->receiver, &n) != 8 || n < 0 ||
	    line[n] != '\0')
		return false;
	v = strtoul(name, &end, 16);
	if (*end || v > UINT32_MAX)
		return false;
	r->name = (uint32_t)v;
	snprintf(check, sizeof(check), "0x%08" PRIx32, r->name);
	return !strcmp(check, name);
}

/* The table of one process: header, column titles, rule, rows, total. */
static int tb_parse(const char *out, struct xl_table *t)
{
	static const char *const titles[] = {
		"name", "rights", "urefs", "identity", "kobject",
		"msgs/qlimit", "members", "receiver",
	};
	const char *line = out, *nl;
	char buf[512], word[32];
	struct xl_row *r;
	size_t cap = 0, i;
	int off, n, ln;

	memset(t, 0, sizeof(*t));
	for (ln = 0; *line; ln++, line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl || nl - line >= (long)sizeof(buf)) {
			snprintf(t->bad, sizeof(t->bad),
				 "line %d: too long or unterminated", ln + 1);
			return -1;
		}
		memcpy(buf, line, nl - line);
		buf[nl - line] = '\0';
		if (ln == 0) {
			n = -1;
			if (sscanf(buf, "Process (%d) : %63[^\n]%n", &t->pid,
				   t->comm, &n) != 2 || buf[n] != '\0')
				goto bad;
			continue;
		}
		if (ln == 1) {
			for (i = 0, off = 0; i < 8; i++, off += n)
				if (sscanf(buf + off, "%31s%n", word,
					   &n) != 1 ||
				    strcmp(word, titles[i]))
					goto bad;
			if (strncmp(buf, "  name  ", 8))
				goto bad;
			continue;
		}
		if (ln == 2) {
			if (strspn(buf, "- ") != strlen(buf) ||
			    strncmp(buf, "----------  ", 12))
				goto bad;
			continue;
		}
		if (!strncmp(buf, "total: ", 7)) {
			snprintf(t->total, sizeof(t->total), "%.250s", buf);
			if (nl[1]) {
				snprintf(t->bad, sizeof(t->bad),
					 "output after the total line");
				return -1;
			}
			return 0;
		}
		if (t->count == cap) {
			cap = cap ? 2 * cap : 64;
			r = realloc(t->rows, cap * sizeof(*r));
			if (!r)
				return -1;
			t->rows = r;
		}
		if (!tb_row(buf, &t->rows[t->count]))
			goto bad;
		t->count++;
	}
	snprintf(t->bad, sizeof(t->bad), "no total line");
	return -1;
bad:
	snprintf(t->bad, sizeof(t->bad), "line %d: '%.200s'", ln + 1, buf);
	return -1;
}

static const struct xl_row *tb_find(const struct xl_table *t, uint32_t name)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (t->rows[i].name == name)
			return &t->rows[i];
	return NULL;
}

/* /proc/self/comm, as the table's header shows it. */
static void self_comm(char *buf, size_t len)
{
	if (xnu_read_text("/proc/self/comm", buf, len))
		snprintf(buf, len, "?");
}

/* ---- what a name must show ----------------------------------------------- */

/*
 * One expected name. @group: 0 for no identity ("-"); names of one group
 * denote one port; different groups, different ports. @msgs < 0: not a
 * receive right; @members < 0: not a set; @receiver: a pid, 0 for the
 * kernel, -1 for none.
 */
struct xl_want {
	const char *what;
	mach_port_name_t name;
	const char *rights;	/* the table's column */
	uint32_t type;
	uint32_t urefs;
	const char *kotype;	/* "" for none */
	int msgs;
	int qlimit;
	int members;
	int receiver;
	int group;
};

#define XL_MAXWANT	16

/* The table's columns of an expected name. */
static void want_cols(const struct xl_want *w, struct xl_row *r)
{
	snprintf(r->urefs, sizeof(r->urefs), "%" PRIu32, w->urefs);
	snprintf(r->kobject, sizeof(r->kobject), "%s",
		 w->kotype[0] ? w->kotype : "-");
	if (w->msgs >= 0)
		snprintf(r->msgs, sizeof(r->msgs), "%d/%d", w->msgs,
			 w->qlimit);
	else
		snprintf(r->msgs, sizeof(r->msgs), "-");
	if (w->members >= 0)
		snprintf(r->members, sizeof(r->members), "%d", w->members);
	else
		snprintf(r->members, sizeof(r->members), "-");
	if (w->receiver > 0)
		snprintf(r->receiver, sizeof(r->receiver), "%d", w->receiver);
	else
		snprintf(r->receiver, sizeof(r->receiver), "%s",
			 w->receiver ? "-" : "kernel");
}

/* The rights of a type as the table spells them (for the JSON array). */
static void type_rights(uint32_t type, char *buf, size_t len)
{
	static const struct { uint32_t bit; const char *s; } r[] = {
		{ MACH_PORT_TYPE_RECEIVE, "recv" },
		{ MACH_PORT_TYPE_SEND, "send" },
		{ MACH_PORT_TYPE_SEND_ONCE, "send-once" },
		{ MACH_PORT_TYPE_PORT_SET, "port-set" },
		{ MACH_PORT_TYPE_DEAD_NAME, "dead-name" },
	};
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (type & r[i].bit)
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      n ? "," : "", r[i].s);
}

/* Check a table row against what is expected of the name. */
static void check_row(struct __test_metadata *_metadata,
		      const struct xl_want *w, const struct xl_row *r)
{
	struct xl_row x;

	want_cols(w, &x);
	EXPECT_STREQ(w->rights, r->rights) TH_LOG("%s", w->what);
	EXPECT_STREQ(x.urefs, r->urefs) TH_LOG("%s", w->what);
	EXPECT_STREQ(x.kobject, r->kobject) TH_LOG("%s", w->what);
	EXPECT_STREQ(x.msgs, r->msgs) TH_LOG("%s", w->what);
	EXPECT_STREQ(x.members, r->members) TH_LOG("%s", w->what);
	EXPECT_STREQ(x.receiver, r->receiver) TH_LOG("%s", w->what);
	if (!w->group) {
		EXPECT_STREQ("-", r->id) TH_LOG("%s", w->what);
	} else {
		EXPECT_EQ(0, strncmp(r->id, "0x", 2)) TH_LOG("%s", w->what);
	}
}

/* Check a JSON or netlink entry against what is expected of the name. */
static void check_entry(struct __test_metadata *_metadata,
			const struct xl_want *w, const struct xl_entry *e,
			bool json)
{
	char rights[80], hex[16];

	EXPECT_EQ((uint32_t)getpid(), e->pid) TH_LOG("%s", w->what);
	EXPECT_EQ(w->type, e->type) TH_LOG("%s", w->what);
	EXPECT_EQ(w->urefs, e->urefs) TH_LOG("%s", w->what);
	EXPECT_STREQ(w->kotype, e->kotype) TH_LOG("%s", w->what);
	EXPECT_EQ((uint32_t)(w->msgs < 0 ? 0 : w->msgs), e->msgcount)
		TH_LOG("%s", w->what);
	EXPECT_EQ((uint32_t)(w->msgs < 0 ? 0 : w->qlimit), e->qlimit)
		TH_LOG("%s", w->what);
	EXPECT_EQ((uint32_t)(w->members < 0 ? 0 : w->members), e->members)
		TH_LOG("%s", w->what);
	EXPECT_EQ(w->receiver, e->receiver_pid) TH_LOG("%s", w->what);
	if (!w->group) {
		EXPECT_EQ(0ULL, e->port_id) TH_LOG("%s", w->what);
	} else {
		EXPECT_NE(0ULL, e->port_id) TH_LOG("%s", w->what);
	}
	if (!json)
		return;
	type_rights(w->type, rights, sizeof(rights));
	EXPECT_STREQ(rights, e->rights) TH_LOG("%s", w->what);
	EXPECT_EQ(!!(w->type & MACH_PORT_TYPE_DNREQUEST), e->dnreq)
		TH_LOG("%s", w->what);
	snprintf(hex, sizeof(hex), "0x%08" PRIx32, w->name);
	EXPECT_STREQ(hex, e->name_hex) TH_LOG("%s", w->what);
}

/*
 * Identities: equal for the names of one group, different across groups.
 * ids[i] is the identity shown for want[i].
 */
static void check_groups(struct __test_metadata *_metadata,
			 const struct xl_want *want, int n,
			 const uint64_t *ids)
{
	int i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			if (!want[i].group || !want[j].group)
				continue;
			if (want[i].group == want[j].group) {
				EXPECT_EQ(ids[i], ids[j])
					TH_LOG("%s / %s", want[i].what,
					       want[j].what);
			} else {
				EXPECT_NE(ids[i], ids[j])
					TH_LOG("%s / %s", want[i].what,
					       want[j].what);
			}
		}
}

/* ---- the fixture: a space of known rights -------------------------------- */

FIXTURE(space) {
	struct mt_env env;
	struct xl_want want[XL_MAXWANT];
	int nwant;
	int pid;
};

XNU_FIXTURE_PROTOTYPES(space);

static struct xl_want *want_add(FIXTURE_DATA(space) *self, const char *what,
				mach_port_name_t name, const char *rights,
				uint32_t type)
{
	struct xl_want *w = &self->want[self->nwant++];

	memset(w, 0, sizeof(*w));
	w->what = what;
	w->name = name;
	w->rights = rights;
	w->type = type;
	w->urefs = 1;
	w->kotype = "";
	w->msgs = -1;
	w->members = -1;
	w->receiver = -1;
	return w;
}

/* A receive right of this process, with msgs/qlimit and a port group. */
static void want_recv(struct xl_want *w, int pid, int msgs, int qlimit,
		      int group)
{
	w->msgs = msgs;
	w->qlimit = qlimit;
	w->receiver = pid;
	w->group = group;
}

FIXTURE_SETUP(space)
{
	mach_port_t task, boot, rcv, so, notify, pset, m1, m2, dead, died;
	mach_port_t x, moved, holder, prev = 1;
	mach_port_urefs_t refs = 0;
	struct xl_want *w;
	int pid = getpid(), i;

	self->pid = pid;
	mt_setup(_metadata, &self->env, 0);
	task = self->env.task;

	boot = bootstrap_port;
	ASSERT_TRUE(MACH_PORT_VALID(boot));

	/* Receive and send under one name, 3 urefs, 3 messages of 7. */
	rcv = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, rcv);
	ASSERT_EQ(KERN_SUCCESS, mach_port_mod_refs(task, rcv,
						   MACH_PORT_RIGHT_SEND, 2));
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(rcv, 7));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(MACH_MSG_SUCCESS, mt_send_simple(rcv, 100 + i));

	/* A send-once right to it, with a dead-name request. */
	so = mt_make_sonce(rcv);
	ASSERT_NE(MACH_PORT_NULL, so);
	notify = mt_port();
	ASSERT_NE(MACH_PORT_NULL, notify);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_request_notification(task, so,
						 MACH_NOTIFY_DEAD_NAME, 0,
						 notify,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE,
						 &prev));
	ASSERT_EQ(MACH_PORT_NULL, prev);

	/* A port set of two members, one with a message. */
	pset = mt_pset();
	m1 = mt_port();
	m2 = mt_port();
	ASSERT_NE(MACH_PORT_NULL, pset);
	ASSERT_NE(MACH_PORT_NULL, m1);
	ASSERT_NE(MACH_PORT_NULL, m2);
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(task, m1, pset));
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(task, m2, pset));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_send_simple(m2, 200));

	/* A dead name with three references. */
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(task,
						   MACH_PORT_RIGHT_DEAD_NAME,
						   &dead));
	ASSERT_EQ(KERN_SUCCESS, mach_port_mod_refs(task, dead,
						   MACH_PORT_RIGHT_DEAD_NAME,
						   2));

	/* A send-once right whose port dies: no call looks at it again. */
	x = mt_port();
	ASSERT_NE(MACH_PORT_NULL, x);
	died = mt_make_sonce(x);
	ASSERT_NE(MACH_PORT_NULL, died);
	ASSERT_EQ(KERN_SUCCESS, mt_kill(x));

	/* A send right whose receive right sits in a queued message. */
	moved = mt_port_send();
	holder = mt_port();
	ASSERT_NE(MACH_PORT_NULL, moved);
	ASSERT_NE(MACH_PORT_NULL, holder);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send_port(holder, MACH_MSG_TYPE_MAKE_SEND, moved,
			       MACH_MSG_TYPE_MOVE_RECEIVE, 300,
			       MACH_SEND_TIMEOUT, 0));

	ASSERT_EQ(KERN_SUCCESS, mach_port_get_refs(task, boot,
						   MACH_PORT_RIGHT_SEND,
						   &refs));
	ASSERT_EQ(1U, refs);

	/* What each name must show. */
	w = want_add(self, "bootstrap", boot, "send", MACH_PORT_TYPE_SEND);
	w->kotype = "bootstrap";
	w->receiver = 0;
	w->group = 2;
	w = want_add(self, "recv+send", rcv, "recv,send",
		     MACH_PORT_TYPE_SEND_RECEIVE);
	w->urefs = 3;
	want_recv(w, pid, 3, 7, 3);
	w = want_add(self, "send-once+dnreq", so, "send-once,dnreq",
		     MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	w->receiver = pid;
	w->group = 3;
	w = want_add(self, "notify", notify, "recv", MACH_PORT_TYPE_RECEIVE);
	want_recv(w, pid, 0, MACH_PORT_QLIMIT_DEFAULT, 4);
	w = want_add(self, "pset", pset, "port-set", MACH_PORT_TYPE_PORT_SET);
	w->members = 2;
	w = want_add(self, "member 1", m1, "recv", MACH_PORT_TYPE_RECEIVE);
	want_recv(w, pid, 0, MACH_PORT_QLIMIT_DEFAULT, 5);
	w = want_add(self, "member 2", m2, "recv", MACH_PORT_TYPE_RECEIVE);
	want_recv(w, pid, 1, MACH_PORT_QLIMIT_DEFAULT, 6);
	w = want_add(self, "dead name", dead, "dead-name",
		     MACH_PORT_TYPE_DEAD_NAME);
	w->urefs = 3;
	want_add(self, "died", died, "dead-name", MACH_PORT_TYPE_DEAD_NAME);
	w = want_add(self, "in transit", moved, "send", MACH_PORT_TYPE_SEND);
	w->group = 7;
	w = want_add(self, "holder", holder, "recv", MACH_PORT_TYPE_RECEIVE);
	want_recv(w, pid, 1, MACH_PORT_QLIMIT_DEFAULT, 8);

	/*
	 * The task port last: every mach_task_self() adds a reference, so
	 * none may run between this count and the listing.
	 */
	ASSERT_EQ(KERN_SUCCESS, mach_port_get_refs(task, task,
						   MACH_PORT_RIGHT_SEND,
						   &refs));
	w = want_add(self, "task", task, "send", MACH_PORT_TYPE_SEND);
	w->urefs = refs;
	w->kotype = "task";
	w->receiver = 0;
	w->group = 1;
}

MT_FIXTURE_TEARDOWN(space)

/* The names and types of the space equal the listing's. */
static void check_names(struct __test_metadata *_metadata,
			const uint32_t *names, const uint32_t *types,
			size_t count)
{
	mach_port_name_t *n = NULL;
	mach_port_type_t *t = NULL;
	int c, i;
	size_t j;

	c = mt_names(&n, &t);
	ASSERT_LE(0, c);
	EXPECT_EQ((size_t)c, count);
	for (i = 0; i < c; i++) {
		for (j = 0; j < count && names[j] != n[i]; j++)
			;
		EXPECT_LT(j, count) TH_LOG("name %#x not listed", n[i]);
		if (j < count)
			EXPECT_EQ(t[i], types[j]) TH_LOG("name %#x", n[i]);
	}
	mt_free_names(n, t, c);
}

/* Index order: each name's index above the previous one's. */
static bool index_order(const uint32_t *names, size_t count)
{
	size_t i;

	for (i = 1; i < count; i++)
		if ((names[i] >> 8) <= (names[i - 1] >> 8))
			return false;
	return true;
}

/* The summary line the table must end with, from the expected names. */
static void want_total(const struct xl_want *want, int n, char *buf,
		       size_t len)
{
	static const uint32_t bits[] = {
		MACH_PORT_TYPE_RECEIVE, MACH_PORT_TYPE_SEND,
		MACH_PORT_TYPE_SEND_ONCE, MACH_PORT_TYPE_PORT_SET,
		MACH_PORT_TYPE_DEAD_NAME,
	};
	int c[5] = { 0 }, i, b;

	for (i = 0; i < n; i++)
		for (b = 0; b < 5; b++)
			if (want[i].type & bits[b])
				c[b]++;
	snprintf(buf, len,
		 "total: %d name%s: %d recv, %d send, %d send-once, %d port-set, %d dead-name",
		 n, n == 1 ? "" : "s", c[0], c[1], c[2], c[3], c[4]);
}

/* Check a whole table of the fixture's space. */
static void check_table(struct __test_metadata *_metadata,
			FIXTURE_DATA(space) *self, const struct xl_table *t)
{
	uint32_t names[XL_MAXWANT * 2];
	uint64_t ids[XL_MAXWANT];
	const struct xl_row *r;
	char comm[64], total[256];
	int i;

	self_comm(comm, sizeof(comm));
	EXPECT_EQ(self->pid, t->pid);
	EXPECT_STREQ(comm, t->comm);
	ASSERT_EQ((size_t)self->nwant, t->count);
	for (i = 0; i < self->nwant; i++) {
		r = tb_find(t, self->want[i].name);
		ids[i] = 0;
		EXPECT_NE(NULL, r) TH_LOG("%s (%#x) not listed",
					  self->want[i].what,
					  self->want[i].name);
		if (!r)
			continue;
		check_row(_metadata, &self->want[i], r);
		if (strcmp(r->id, "-"))
			ids[i] = strtoull(r->id, NULL, 16);
	}
	check_groups(_metadata, self->want, self->nwant, ids);
	for (i = 0; i < (int)t->count; i++)
		names[i] = t->rows[i].name;
	EXPECT_TRUE(index_order(names, t->count));
	want_total(self->want, self->nwant, total, sizeof(total));
	EXPECT_STREQ(total, t->total);
}

/* Check a JSON listing (or a raw dump) of the fixture's space. */
static void check_list(struct __test_metadata *_metadata,
		       FIXTURE_DATA(space) *self, const struct xl_list *l,
		       bool json)
{
	uint32_t names[XL_MAXWANT * 2], types[XL_MAXWANT * 2];
	uint64_t ids[XL_MAXWANT];
	const struct xl_entry *e;
	size_t i;
	int k;

	EXPECT_STREQ("", l->bad);
	ASSERT_EQ((size_t)self->nwant, l->count);
	for (k = 0; k < self->nwant; k++) {
		e = xl_find(l, self->want[k].name);
		ids[k] = 0;
		EXPECT_NE(NULL, e) TH_LOG("%s (%#x) not listed",
					  self->want[k].what,
					  self->want[k].name);
		if (!e)
			continue;
		check_entry(_metadata, &self->want[k], e, json);
		ids[k] = e->port_id;
	}
	check_groups(_metadata, self->want, self->nwant, ids);
	for (i = 0; i < l->count; i++) {
		names[i] = l->e[i].name;
		types[i] = l->e[i].type;
	}
	EXPECT_TRUE(index_order(names, l->count));
	check_names(_metadata, names, types, l->count);
}

/* "xlsmp -p PID": every column of every name, header and summary. */
TEST_F(space, table)
{
	struct xl_table t;
	struct xl_run r;
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", self->pid);
	RUN(&r, "-p", pid);
	EXPECT_RUN_OK(&r);
	ASSERT_EQ(0, tb_parse(r.out, &t)) {
		TH_LOG("%s\n%s", t.bad, r.out);
	}
	check_table(_metadata, self, &t);
	xl_table_free(&t);
	xl_free(&r);
}

/* "xlsmp -j -p PID": every key of every name; identities as the table's. */
TEST_F(space, json)
{
	struct xl_table t;
	struct xl_list l;
	struct xl_run r, rt;
	const struct xl_row *row;
	char pid[16], id[24];
	size_t i;

	snprintf(pid, sizeof(pid), "%d", self->pid);
	RUN(&r, "-j", "-p", pid);
	RUN(&rt, "-p", pid);
	EXPECT_RUN_OK(&r);
	ASSERT_EQ(0, js_parse(r.out, &l)) {
		TH_LOG("%s", l.bad);
	}
	ASSERT_EQ(0, tb_parse(rt.out, &t)) {
		TH_LOG("%s", t.bad);
	}
	check_list(_metadata, self, &l, true);
	/* The table shows the same port identities (and task urefs). */
	for (i = 0; i < l.count; i++) {
		row = tb_find(&t, l.e[i].name);
		ASSERT_NE(NULL, row);
		if (l.e[i].port_id)
			snprintf(id, sizeof(id), "0x%08" PRIx64,
				 l.e[i].port_id);
		else
			snprintf(id, sizeof(id), "-");
		EXPECT_STREQ(id, row->id) TH_LOG("name %#x", l.e[i].name);
	}
	xl_table_free(&t);
	xl_list_free(&l);
	xl_free(&r);
	xl_free(&rt);
}

/* A thread id lists its thread group, under the group's pid. */
static void *xl_thread(void *arg)
{
	int *fd = arg;
	pid_t tid = mt_gettid();
	char c;

	if (write(fd[1], &tid, sizeof(tid)) != sizeof(tid))
		return NULL;
	if (read(fd[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

TEST_F(space, thread_id)
{
	int tfd[2], rfd[2], fd[2];
	struct xl_list l;
	struct xl_table t;
	struct xl_run r, rt;
	pthread_t th;
	char arg[16];
	pid_t tid = 0;

	ASSERT_EQ(0, pipe(tfd));
	ASSERT_EQ(0, pipe(rfd));
	fd[0] = rfd[0];
	fd[1] = tfd[1];
	ASSERT_EQ(0, pthread_create(&th, NULL, xl_thread, fd));
	ASSERT_EQ((ssize_t)sizeof(tid), read(tfd[0], &tid, sizeof(tid)));
	ASSERT_NE(self->pid, tid);
	snprintf(arg, sizeof(arg), "%d", tid);
	RUN(&r, "-j", "-p", arg);
	RUN(&rt, "-p", arg);
	close(rfd[1]);
	pthread_join(th, NULL);
	EXPECT_RUN_OK(&r);
	EXPECT_RUN_OK(&rt);
	ASSERT_EQ(0, js_parse(r.out, &l)) {
		TH_LOG("%s", l.bad);
	}
	check_list(_metadata, self, &l, true);
	ASSERT_EQ(0, tb_parse(rt.out, &t)) {
		TH_LOG("%s", t.bad);
	}
	check_table(_metadata, self, &t);
	xl_table_free(&t);
	xl_list_free(&l);
	xl_free(&r);
	xl_free(&rt);
}

/*
 * Changes show: a message received through the set; the dead name freed;
 * the port of the receive right dies, so its send right under that name
 * and the send-once right to it become dead names (the latter with the
 * dead-name notification's reference, its request gone), and the
 * notification is received.
 */
TEST_F(space, changes)
{
	const struct xl_entry *e;
	struct xl_want *rcv = &self->want[1], *so = &self->want[2];
	struct xl_want *notify = &self->want[3];
	struct xl_list l;
	struct xl_run r;
	union mt_rcv buf;
	char pid[16];
	int k;

	ASSERT_STREQ("recv+send", rcv->what);
	ASSERT_STREQ("send-once+dnreq", so->what);
	ASSERT_STREQ("notify", notify->what);
	/* The message of member 2, received through the set. */
	ASSERT_STREQ("pset", self->want[4].what);
	ASSERT_STREQ("member 2", self->want[6].what);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(self->want[4].name, &buf));
	ASSERT_EQ(200, buf.head.msgh_id);
	self->want[6].msgs = 0;
	/* The dead name freed. */
	ASSERT_EQ(KERN_SUCCESS, mach_port_mod_refs(self->env.task,
						   self->want[7].name,
						   MACH_PORT_RIGHT_DEAD_NAME,
						   -3));
	/* The port of recv+send dies: the send-once right is a dead name. */
	ASSERT_EQ(KERN_SUCCESS, mt_kill(rcv->name));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(notify->name, &buf));
	ASSERT_EQ(MACH_NOTIFY_DEAD_NAME, buf.head.msgh_id);

	snprintf(pid, sizeof(pid), "%d", self->pid);
	RUN(&r, "-j", "-p", pid);
	EXPECT_RUN_OK(&r);
	ASSERT_EQ(0, js_parse(r.out, &l)) {
		TH_LOG("%s", l.bad);
	}
	EXPECT_EQ(NULL, xl_find(&l, self->want[7].name));
	/* Its send right under the same name is a dead name now. */
	e = xl_find(&l, rcv->name);
	ASSERT_NE(NULL, e);
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, e->type);
	EXPECT_STREQ("dead-name", e->rights);
	EXPECT_EQ(3U, e->urefs);
	EXPECT_EQ(0ULL, e->port_id);
	EXPECT_EQ(-1, e->receiver_pid);
	EXPECT_EQ(0U, e->msgcount);
	EXPECT_EQ(0U, e->qlimit);
	e = xl_find(&l, so->name);
	ASSERT_NE(NULL, e);
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, e->type);
	EXPECT_STREQ("dead-name", e->rights);
	EXPECT_FALSE(e->dnreq);
	EXPECT_EQ(2U, e->urefs);	/* one more for the notification */
	EXPECT_EQ(0ULL, e->port_id);
	EXPECT_EQ(-1, e->receiver_pid);
	e = xl_find(&l, notify->name);
	ASSERT_NE(NULL, e);
	EXPECT_EQ(0U, e->msgcount);
	for (k = 0; k < self->nwant; k++) {
		if (k == 1 || k == 2 || k == 7 ||
		    !strcmp(self->want[k].what, "task"))
			continue;
		e = xl_find(&l, self->want[k].name);
		EXPECT_NE(NULL, e) TH_LOG("%s", self->want[k].what);
		if (e)
			check_entry(_metadata, &self->want[k], e, true);
	}
	EXPECT_EQ((size_t)self->nwant - 1, l.count);
	xl_list_free(&l);
	xl_free(&r);
}

/* ---- the raw dump -------------------------------------------------------- */

struct xl_nl {
	int fd;
	int family;
};

/* A netlink socket with extended acks, and the family's id; 0 or -1. */
static int raw_open(struct xl_nl *nl)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	nl->fd = -1;
	if (!sk)
		return -1;
	if (genl_connect(sk)) {
		nl_socket_free(sk);
		return -1;
	}
	nl->family = genl_ctrl_resolve(sk, XNU_MACH_GENL_NAME);
	nl_socket_free(sk);
	if (nl->family < 0)
		return -1;
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		return -1;
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

/* Append one attribute to buf at *len. */
static void raw_attr(char *buf, size_t *len, uint16_t type, const void *data,
		    size_t dlen)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + dlen, .nla_type = type };

	memcpy(buf + *len, &nla, sizeof(nla));
	memcpy(buf + *len + NLA_HDRLEN, data, dlen);
	*len += NLA_ALIGN(NLA_HDRLEN + dlen);
}

/* The extended ack's message of an error, into msg ("" without one). */
static void raw_ext_msg(const struct nlmsghdr *nlh, char *msg, size_t len)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	const struct nlattr *a;

	msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	while (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		a = (const struct nlattr *)((const char *)nlh + off);
		if (a->nla_len < NLA_HDRLEN ||
		    off + a->nla_len > nlh->nlmsg_len)
			return;
		if (a->nla_type == NLMSGERR_ATTR_MSG) {
			snprintf(msg, len, "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN),
				 (const char *)a + NLA_HDRLEN);
			return;
		}
		off += NLA_ALIGN(a->nla_len);
	}
}

/* One dump message into an entry; a format problem is noted in l->bad. */
static void raw_entry(const struct nlmsghdr *nlh, int family,
		     struct xl_list *l)
{
	static const struct { int type; int len; } want[] = {
		{ XNU_MACH_A_PID, 4 }, { XNU_MACH_A_NAME, 4 },
		{ XNU_MACH_A_TYPE, 4 }, { XNU_MACH_A_UREFS, 4 },
		{ XNU_MACH_A_PORT_ID, 8 }, { XNU_MACH_A_KOTYPE, -1 },
		{ XNU_MACH_A_MSGCOUNT, 4 }, { XNU_MACH_A_QLIMIT, 4 },
		{ XNU_MACH_A_MEMBERS, 4 }, { XNU_MACH_A_RECEIVER_PID, 4 },
	};
	const struct genlmsghdr *gh = NLMSG_DATA(nlh);
	const struct nlattr *tb[XNU_MACH_A_MAX + 1] = { NULL };
	const struct nlattr *a;
	struct xl_entry *e;
	size_t off, i;
	uint32_t u;

	if (l->bad[0])
		return;
	if (nlh->nlmsg_type != family || !(nlh->nlmsg_flags & NLM_F_MULTI) ||
	    nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    gh->cmd != XNU_MACH_CMD_SPACE ||
	    gh->version != XNU_MACH_GENL_VERSION || gh->reserved) {
		snprintf(l->bad, sizeof(l->bad),
			 "message type %u flags %#x cmd %u version %u",
			 nlh->nlmsg_type, nlh->nlmsg_flags, gh->cmd,
			 gh->version);
		return;
	}
	for (off = NLMSG_LENGTH(GENL_HDRLEN);
	     off + NLA_HDRLEN <= nlh->nlmsg_len;
	     off += NLA_ALIGN(a->nla_len)) {
		a = (const struct nlattr *)((const char *)nlh + off);
		if (a->nla_len < NLA_HDRLEN ||
		    off + a->nla_len > nlh->nlmsg_len ||
		    !a->nla_type || a->nla_type > XNU_MACH_A_MAX ||
		    tb[a->nla_type]) {
			snprintf(l->bad, sizeof(l->bad),
				 "attribute %u (len %u) bad or repeated",
				 a->nla_type, a->nla_len);
			return;
		}
		tb[a->nla_type] = a;
	}
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		a = tb[want[i].type];
		if (!a || (want[i].len > 0 &&
			   a->nla_len != NLA_HDRLEN + want[i].len)) {
			snprintf(l->bad, sizeof(l->bad),
				 "attribute %d missing or of length %u",
				 want[i].type, a ? a->nla_len : 0);
			return;
		}
	}
	a = tb[XNU_MACH_A_KOTYPE];
	if (a->nla_len <= NLA_HDRLEN ||
	    a->nla_len - NLA_HDRLEN > XNU_MACH_GENL_KOTYPE_LEN ||
	    ((const char *)a)[a->nla_len - 1] != '\0' ||
	    strlen((const char *)a + NLA_HDRLEN) !=
	    a->nla_len - NLA_HDRLEN - 1U) {
		snprintf(l->bad, sizeof(l->bad), "kotype of length %u",
			 a->nla_len);
		return;
	}
	e = xl_list_add(l);
	if (!e) {
		snprintf(l->bad, sizeof(l->bad), "out of memory");
		return;
	}
#define NL_U32(t)	(memcpy(&u, (const char *)tb[t] + NLA_HDRLEN, 4), u)
	e->pid = NL_U32(XNU_MACH_A_PID);
	e->name = NL_U32(XNU_MACH_A_NAME);
	e->type = NL_U32(XNU_MACH_A_TYPE);
	e->urefs = NL_U32(XNU_MACH_A_UREFS);
	memcpy(&e->port_id, (const char *)tb[XNU_MACH_A_PORT_ID] + NLA_HDRLEN,
	       8);
	snprintf(e->kotype, sizeof(e->kotype), "%s",
		 (const char *)a + NLA_HDRLEN);
	e->msgcount = NL_U32(XNU_MACH_A_MSGCOUNT);
	e->qlimit = NL_U32(XNU_MACH_A_QLIMIT);
	e->members = NL_U32(XNU_MACH_A_MEMBERS);
	e->receiver_pid = (int32_t)NL_U32(XNU_MACH_A_RECEIVER_PID);
#undef NL_U32
}

/*
 * Send one XNU_MACH_CMD_SPACE request (flags besides NLM_F_REQUEST, the
 * genl header's reserved byte, attributes already in netlink form) and
 * collect the answer: the entries into l (may be NULL), the explanation of
 * an error into msg. Returns 0 at the end of a dump or on an ack, the
 * positive errno the kernel answered, or -1 when the exchange failed.
 * *batches counts the datagrams the entries came in.
 */
static int raw_request(struct xl_nl *nl, uint16_t flags, uint8_t reserved,
		      const void *attrs, size_t alen, struct xl_list *l,
		      char *msg, size_t msglen, int *batches)
{
	static char buf[256 * 1024];
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
		char attrs[64];
	} req;
	struct xl_list scratch = { 0 };
	struct nlmsghdr *nlh;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	static uint32_t seq = 1000;
	int err, ret = -1;
	ssize_t n;

	if (!l)
		l = &scratch;
	if (msglen)
		msg[0] = '\0';
	if (batches)
		*batches = 0;
	if (alen > sizeof(req.attrs))
		return -1;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen);
	req.nlh.nlmsg_type = nl->family;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	req.nlh.nlmsg_seq = ++seq;
	req.gh.cmd = XNU_MACH_CMD_SPACE;
	req.gh.version = XNU_MACH_GENL_VERSION;
	req.gh.reserved = reserved;
	memcpy(req.attrs, attrs, alen);
	if (send(nl->fd, &req, req.nlh.nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		n = recvmsg(nl->fd, &mh, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (mh.msg_flags & MSG_TRUNC))
			goto out;
		if (batches)
			(*batches)++;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)
				       NLMSG_DATA(nlh))->error;
				if (err && msglen)
					raw_ext_msg(nlh, msg, msglen);
				ret = -err;
				goto out;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
				ret = -err;
				goto out;
			}
			raw_entry(nlh, nl->family, l);
		}
	}
out:
	xl_list_free(&scratch);
	return ret;
}

/* A dump of the space of pid (no attribute when pid < 0). */
static int raw_dump(struct xl_nl *nl, long pid, struct xl_list *l,
		   char *msg, size_t msglen, int *batches)
{
	char attrs[16];
	size_t alen = 0;
	uint32_t p = (uint32_t)pid;

	if (pid >= 0)
		raw_attr(attrs, &alen, XNU_MACH_A_PID, &p, sizeof(p));
	return raw_request(nl, NLM_F_DUMP, 0, attrs, alen, l, msg, msglen,
			  batches);
}

/* The raw dump: the same entries, by pid, by no pid and by pid 0. */
TEST_F(space, raw_dump)
{
	struct xl_list l = { 0 }, l0 = { 0 }, lnone = { 0 };
	struct xl_nl nl;
	char msg[256];
	size_t i;

	ASSERT_EQ(0, raw_open(&nl));
	EXPECT_EQ(0, raw_dump(&nl, 0, &l0, msg, sizeof(msg), NULL));
	EXPECT_EQ(0, raw_dump(&nl, -1, &lnone, msg, sizeof(msg), NULL));
	ASSERT_EQ(0, raw_dump(&nl, self->pid, &l, msg, sizeof(msg), NULL)) {
		TH_LOG("%s", msg);
	}
	check_list(_metadata, self, &l, false);
	EXPECT_STREQ("", l0.bad);
	EXPECT_STREQ("", lnone.bad);
	ASSERT_EQ(l.count, l0.count);
	ASSERT_EQ(l.count, lnone.count);
	for (i = 0; i < l.count; i++) {
		EXPECT_EQ(0, memcmp(&l.e[i], &l0.e[i], sizeof(l.e[i])));
		EXPECT_EQ(0, memcmp(&l.e[i], &lnone.e[i], sizeof(l.e[i])));
	}
	close(nl.fd);
	xl_list_free(&l);
	xl_list_free(&l0);
	xl_list_free(&lnone);
}

/* The kernel gives explanations of a failed dump start from 6.12 on. */
static bool ext_ack_at_start(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 12);
}

/* An error with its explanation: exact when the kernel gives one. */
#define EXPECT_NL_ERR(err, why, ret, msg) do { \
		EXPECT_EQ((err), (ret)); \
		if ((msg)[0] || ext_ack_at_start()) \
			EXPECT_STREQ((why), (msg)); \
	} while (0)

struct nobody_dump {
	long pid;
	char msg[128];
};

/*
 * As nobody: the errno of a dump of d->pid, or 1000 when the explanation
 * is not d->msg (the harness cannot check in this child).
 */
static int nobody_dump(void *arg)
{
	struct nobody_dump *d = arg;
	struct xl_nl nl;
	char msg[128];
	int ret;

	if (raw_open(&nl))
		return -1;
	ret = raw_dump(&nl, d->pid, NULL, msg, sizeof(msg), NULL);
	close(nl.fd);
	if ((msg[0] || ext_ack_at_start()) && strcmp(msg, d->msg))
		return 1000;
	return ret;
}

/* Requests the family refuses, and why. */
TEST(raw_errors)
{
	struct nobody_dump nd = { 0 };
	char attrs[32], msg[256];
	uint32_t pid = (uint32_t)getpid();
	uint64_t wide = pid;
	struct xl_nl nl;
	size_t alen;
	int status, res = 0;
	pid_t child;

	ASSERT_EQ(0, raw_open(&nl));

	/* No Mach call made yet: no Mach task, by pid or by 0. */
	EXPECT_NL_ERR(ESRCH, "the process has no Mach task",
		      raw_dump(&nl, pid, NULL, msg, sizeof(msg), NULL), msg);
	EXPECT_NL_ERR(ESRCH, "the process has no Mach task",
		      raw_dump(&nl, 0, NULL, msg, sizeof(msg), NULL), msg);
	ASSERT_TRUE(MACH_PORT_VALID(mach_task_self()));
	EXPECT_EQ(0, raw_dump(&nl, pid, NULL, msg, sizeof(msg), NULL));

	/* No such process: a reaped child's pid, and pids over INT_MAX. */
	child = fork();
	ASSERT_LE(0, child);
	if (!child)
		_exit(0);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_NL_ERR(ESRCH, "no such process",
		      raw_dump(&nl, child, NULL, msg, sizeof(msg), NULL), msg);
	EXPECT_NL_ERR(ESRCH, "no such process",
		      raw_dump(&nl, 0x80000000L, NULL, msg, sizeof(msg), NULL),
		      msg);
	EXPECT_NL_ERR(ESRCH, "no such process",
		      raw_dump(&nl, 0xffffffffL, NULL, msg, sizeof(msg), NULL),
		      msg);

	/* Only dumps. */
	alen = 0;
	raw_attr(attrs, &alen, XNU_MACH_A_PID, &pid, sizeof(pid));
	EXPECT_EQ(EOPNOTSUPP, raw_request(&nl, NLM_F_ACK, 0, attrs, alen, NULL,
					 msg, sizeof(msg), NULL));
	/* Strict validation. */
	EXPECT_EQ(EINVAL, raw_request(&nl, NLM_F_DUMP, 1, attrs, alen, NULL,
				     msg, sizeof(msg), NULL));
	EXPECT_EQ(EINVAL, raw_request(&nl, NLM_F_ROOT, 0, attrs, alen, NULL,
				     msg, sizeof(msg), NULL));
	EXPECT_EQ(EINVAL, raw_request(&nl, NLM_F_DUMP | NLM_F_ATOMIC, 0, attrs,
				     alen, NULL, msg, sizeof(msg), NULL));
	raw_attr(attrs, &alen, XNU_MACH_A_NAME, &pid, sizeof(pid));
	EXPECT_EQ(EINVAL, raw_request(&nl, NLM_F_DUMP, 0, attrs, alen, NULL,
				     msg, sizeof(msg), NULL));
	alen = 0;
	raw_attr(attrs, &alen, XNU_MACH_A_PID, &wide, sizeof(wide));
	EXPECT_EQ(EINVAL, raw_request(&nl, NLM_F_DUMP, 0, attrs, alen, NULL,
				     msg, sizeof(msg), NULL));
	alen = 0;
	raw_attr(attrs, &alen, XNU_MACH_A_PID, &pid, 2);
	EXPECT_EQ(EINVAL, raw_request(&nl, NLM_F_DUMP, 0, attrs, alen, NULL,
				     msg, sizeof(msg), NULL));
	/* Still works afterwards, with NLM_F_ACK too. */
	alen = 0;
	raw_attr(attrs, &alen, XNU_MACH_A_PID, &pid, sizeof(pid));
	EXPECT_EQ(0, raw_request(&nl, NLM_F_DUMP | NLM_F_ACK, 0, attrs, alen,
				NULL, msg, sizeof(msg), NULL));

	/* Nobody may not inspect this root process. */
	nd.pid = pid;
	snprintf(nd.msg, sizeof(nd.msg),
		 "not permitted to inspect this process");
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_dump, &nd, &res));
	EXPECT_EQ(EPERM, res);
	close(nl.fd);
}

/* ---- two processes ------------------------------------------------------- */

struct peer {
	char service[BOOTSTRAP_MAX_NAME_LEN];
	int ready[2];
	int go[2];
};

/* The peer: check in a service, queue two messages, qlimit 9, wait. */
static int peer_main(void *arg)
{
	struct peer *p = arg;
	mach_port_t rp = MACH_PORT_NULL;
	char c;

	close(p->ready[0]);
	close(p->go[1]);
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_check_in(bootstrap_port, p->service, &rp));
	MT_CHILD_EQ(KERN_SUCCESS, mt_set_qlimit(rp, 9));
	MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_send_simple(rp, 1));
	MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_send_simple(rp, 2));
	MT_CHILD_EQ(sizeof(rp), write(p->ready[1], &rp, sizeof(rp)));
	MT_CHILD_TRUE(read(p->go[0], &c, 1) == 0);
	return 0;
}

MT_FIXTURE(peer)

/* xlsmp -j of a pid, parsed; ends the test when it does not work. */
#define LIST(l, pid) do { \
		struct xl_run __r; \
		char __pid[16]; \
		snprintf(__pid, sizeof(__pid), "%d", (int)(pid)); \
		RUN(&__r, "-j", "-p", __pid); \
		EXPECT_RUN_OK(&__r); \
		ASSERT_EQ(0, js_parse(__r.out, (l))) { \
			TH_LOG("%s", (l)->bad); \
		} \
		xl_free(&__r); \
	} while (0)

/* The entry of the space with this kernel object type. */
static const struct xl_entry *find_kotype(const struct xl_list *l,
					  const char *kotype)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (!strcmp(l->e[i].kotype, kotype))
			return &l->e[i];
	return NULL;
}

/*
 * A send right to another process's port: that process is the receiver,
 * both listings show one identity; shared kernel ports share theirs. When
 * the process exits, the right is a dead name with the notification's
 * reference.
 */
TEST_F(peer, other_process)
{
	const struct xl_entry *mine, *theirs, *a, *b;
	mach_port_t sp = MACH_PORT_NULL, rp = MACH_PORT_NULL, notify;
	mach_port_t prev = 1;
	struct xl_list l, lp;
	struct peer p;
	union mt_rcv buf;
	pid_t child;
	int i;

	mt_service_name(p.service, sizeof(p.service), "xlsmp");
	ASSERT_EQ(0, pipe(p.ready));
	ASSERT_EQ(0, pipe(p.go));
	child = mt_fork(peer_main, &p);
	ASSERT_LE(0, child);
	close(p.ready[1]);
	close(p.go[0]);
	ASSERT_EQ((ssize_t)sizeof(rp), read(p.ready[0], &rp, sizeof(rp)));
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_look_up(bootstrap_port, p.service, &sp));
	notify = mt_port();
	ASSERT_NE(MACH_PORT_NULL, notify);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_request_notification(mach_task_self(), sp,
						 MACH_NOTIFY_DEAD_NAME, 0,
						 notify,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE,
						 &prev));

	LIST(&l, getpid());
	LIST(&lp, child);
	mine = xl_find(&l, sp);
	theirs = xl_find(&lp, rp);
	ASSERT_NE(NULL, mine);
	ASSERT_NE(NULL, theirs);
	EXPECT_EQ(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST, mine->type);
	EXPECT_TRUE(mine->dnreq);
	EXPECT_EQ(1U, mine->urefs);
	EXPECT_EQ(child, mine->receiver_pid);
	EXPECT_EQ(0U, mine->msgcount);	/* not the receive right */
	EXPECT_EQ(0U, mine->qlimit);
	EXPECT_EQ((uint32_t)child, theirs->pid);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, theirs->type);
	EXPECT_EQ(child, theirs->receiver_pid);
	EXPECT_EQ(2U, theirs->msgcount);
	EXPECT_EQ(9U, theirs->qlimit);
	EXPECT_NE(0ULL, mine->port_id);
	EXPECT_EQ(mine->port_id, theirs->port_id);
	/* One name service, two task ports. */
	a = find_kotype(&l, "bootstrap");
	b = find_kotype(&lp, "bootstrap");
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(a->port_id, b->port_id);
	a = find_kotype(&l, "task");
	b = find_kotype(&lp, "task");
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	EXPECT_NE(a->port_id, b->port_id);
	EXPECT_EQ(0, b->receiver_pid);
	EXPECT_EQ((uint32_t)child, b->pid);
	xl_list_free(&lp);
	xl_list_free(&l);

	/* The peer exits. */
	close(p.go[1]);
	EXPECT_EQ(0, mt_wait_ok(child));
	for (i = 0; i < MT_WAIT_MS && mt_msgcount(notify) == 0; i++)
		mt_sleep_ms(1);
	LIST(&l, getpid());
	mine = xl_find(&l, sp);
	ASSERT_NE(NULL, mine);
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mine->type);
	EXPECT_FALSE(mine->dnreq);
	EXPECT_EQ(2U, mine->urefs);
	EXPECT_EQ(0ULL, mine->port_id);
	EXPECT_EQ(-1, mine->receiver_pid);
	mine = xl_find(&l, notify);
	ASSERT_NE(NULL, mine);
	EXPECT_EQ(1U, mine->msgcount);
	xl_list_free(&l);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(notify, &buf));
	EXPECT_EQ(MACH_NOTIFY_DEAD_NAME, buf.head.msgh_id);
}

/* ---- errors and permissions ---------------------------------------------- */

/* An unknown pid: exit status 1 and Darwin-like words, nothing listed. */
TEST(unknown_pid)
{
	struct xl_run r;
	char pid[16], want[96];
	pid_t child;
	int status;

	child = fork();
	ASSERT_LE(0, child);
	if (!child)
		_exit(0);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	snprintf(pid, sizeof(pid), "%d", child);
	snprintf(want, sizeof(want), "xlsmp: pid %d: no such process\n",
		 child);
	RUN(&r, "-p", pid);
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ(want, r.err);
	xl_free(&r);
	RUN(&r, "-j", "-p", pid);
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ(want, r.err);
	xl_free(&r);
}

/* A live process that never made a Mach call has no task to list. */
TEST(no_mach_task)
{
	struct xl_run r;
	char pid[16], want[128], c;
	int go[2];
	pid_t child;

	ASSERT_EQ(0, pipe(go));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		close(go[1]);
		_exit(read(go[0], &c, 1) == 0 ? 0 : 1);
	}
	close(go[0]);
	snprintf(pid, sizeof(pid), "%d", child);
	snprintf(want, sizeof(want),
		 "xlsmp: pid %d: the process has no Mach task (it has made no Mach call)\n",
		 child);
	RUN(&r, "-p", pid);
	close(go[1]);
	EXPECT_EQ(0, mt_wait_ok(child));
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ(want, r.err);
	xl_free(&r);
}

/* Usage errors: status 2; -h: the usage on standard output, status 0. */
TEST(usage)
{
	static const char *const bad_pids[] = { "0", "x", "-1", "12x",
						"2147483648", "" };
	char want[64];
	struct xl_run r;
	size_t i;

	RUN(&r, "-h");
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0, strncmp(r.out, "usage: xlsmp [-j] -p PID\n", 25));
	EXPECT_STREQ("", r.err);
	xl_free(&r);
	ASSERT_EQ(0, xl_exec(&r, false, (const char *const []){ NULL }));
	EXPECT_EQ(2, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_EQ(0, strncmp(r.err, "usage: xlsmp [-j] -p PID\n", 25));
	xl_free(&r);
	RUN(&r, "-a", "-p", "1");
	EXPECT_EQ(2, r.status);
	EXPECT_EQ(0, strncmp(r.err, "usage: ", 7));
	xl_free(&r);
	RUN(&r, "-p", "1", "extra");
	EXPECT_EQ(2, r.status);
	EXPECT_EQ(0, strncmp(r.err, "usage: ", 7));
	xl_free(&r);
	for (i = 0; i < sizeof(bad_pids) / sizeof(bad_pids[0]); i++) {
		RUN(&r, "-p", bad_pids[i]);
		snprintf(want, sizeof(want),
			 "xlsmp: -p: not a pid: '%s'\n", bad_pids[i]);
		EXPECT_EQ(2, r.status) TH_LOG("-p '%s'", bad_pids[i]);
		EXPECT_STREQ("", r.out);
		EXPECT_STREQ(want, r.err);
		xl_free(&r);
	}
}

/* Nobody may not list a root process; root may. */
TEST_F(peer, nobody_refused_root)
{
	struct xl_run r;
	char pid[16], want[160];

	snprintf(pid, sizeof(pid), "%d", getpid());
	snprintf(want, sizeof(want),
		 "xlsmp: pid %d: not permitted to inspect this process (list it as its user, or as root)\n",
		 getpid());
	RUN_NOBODY(&r, "-p", pid);
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ(want, r.err);
	xl_free(&r);
	RUN_NOBODY(&r, "-j", "-p", pid);
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ(want, r.err);
	xl_free(&r);
	RUN(&r, "-j", "-p", pid);
	EXPECT_RUN_OK(&r);
	EXPECT_NE(NULL, strstr(r.out, "\"kotype\":\"task\""));
	xl_free(&r);
}

/*
 * A process of nobody with a Mach task (a port of its own), dumpable or
 * not: nobody lists it only when it is dumpable, root always.
 */
struct nb_proc {
	int dumpable;
	int ready[2];
	int go[2];
	mach_port_t port;
};

static int nb_main(void *arg)
{
	struct nb_proc *p = arg;
	mach_port_t port;
	char c;

	close(p->ready[0]);
	close(p->go[1]);
	MT_CHILD_EQ(0, xnu_drop_to_nobody());
	MT_CHILD_EQ(0, prctl(PR_SET_DUMPABLE, p->dumpable, 0, 0, 0));
	port = mt_port();
	MT_CHILD_TRUE(port != MACH_PORT_NULL);
	MT_CHILD_EQ(sizeof(port), write(p->ready[1], &port, sizeof(port)));
	MT_CHILD_TRUE(read(p->go[0], &c, 1) == 0);
	return 0;
}

FIXTURE(nb) {
	struct nb_proc p;
	pid_t child;
};

FIXTURE_VARIANT(nb) {
	int dumpable;
};

XNU_FIXTURE_PROTOTYPES(nb);

FIXTURE_VARIANT_ADD(nb, dumpable) {
	.dumpable = 1,
};

FIXTURE_VARIANT_ADD(nb, not_dumpable) {
	.dumpable = 0,
};

FIXTURE_SETUP(nb)
{
	unsigned long devmode;

	self->child = -1;
	ASSERT_EQ(0, xnu_devmode(&devmode));
	if ((devmode & 0006) != 0006)
		SKIP(_exit(255), "devmode %#lo refuses nobody", devmode);
	self->p.dumpable = variant->dumpable;
	ASSERT_EQ(0, pipe(self->p.ready));
	ASSERT_EQ(0, pipe(self->p.go));
	self->child = mt_fork(nb_main, &self->p);
	ASSERT_LE(0, self->child);
	close(self->p.ready[1]);
	close(self->p.go[0]);
	ASSERT_EQ((ssize_t)sizeof(self->p.port),
		  read(self->p.ready[0], &self->p.port, sizeof(self->p.port)));
}

FIXTURE_TEARDOWN(nb)
{
	_metadata->trigger = 0;
	if (self->child > 0) {
		close(self->p.go[1]);
		EXPECT_EQ(0, mt_wait_ok(self->child));
	}
}

TEST_F(nb, listing)
{
	const struct xl_entry *e;
	struct xl_list l;
	struct xl_run r;
	char pid[16], want[160];

	snprintf(pid, sizeof(pid), "%d", self->child);
	RUN_NOBODY(&r, "-j", "-p", pid);
	if (variant->dumpable) {
		EXPECT_RUN_OK(&r);
		ASSERT_EQ(0, js_parse(r.out, &l)) {
			TH_LOG("%s", l.bad);
		}
		e = xl_find(&l, self->p.port);
		ASSERT_NE(NULL, e);
		EXPECT_EQ((uint32_t)self->child, e->pid);
		EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, e->type);
		EXPECT_EQ(self->child, e->receiver_pid);
		EXPECT_NE(NULL, find_kotype(&l, "task"));
		xl_list_free(&l);
	} else {
		snprintf(want, sizeof(want),
			 "xlsmp: pid %d: not permitted to inspect this process (list it as its user, or as root)\n",
			 self->child);
		EXPECT_EQ(1, r.status);
		EXPECT_STREQ("", r.out);
		EXPECT_STREQ(want, r.err);
	}
	xl_free(&r);

	/* Root lists it either way. */
	RUN(&r, "-j", "-p", pid);
	EXPECT_RUN_OK(&r);
	ASSERT_EQ(0, js_parse(r.out, &l)) {
		TH_LOG("%s", l.bad);
	}
	e = xl_find(&l, self->p.port);
	ASSERT_NE(NULL, e);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, e->type);
	xl_list_free(&l);
	xl_free(&r);
}

/* -a lists this process; as nobody it is counted as not permitted. */
TEST_F(peer, all)
{
	struct xl_run r;
	char head[96];

	snprintf(head, sizeof(head), "Process (%d) : ", getpid());
	RUN(&r, "-a");
	EXPECT_RUN_OK(&r);
	EXPECT_NE(NULL, strstr(r.out, head)) {
		TH_LOG("%s", r.out);
	}
	xl_free(&r);
	RUN_NOBODY(&r, "-a");
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(NULL, strstr(r.out, head));
	EXPECT_NE(NULL, strstr(r.err, "not listed: not permitted\n")) {
		TH_LOG("%s", r.err);
	}
	xl_free(&r);
}

/* ---- a large space ------------------------------------------------------- */

FIXTURE(big) {
	struct mt_env env;
	mach_port_t first;
	mach_port_t last;
	int base;
};

XNU_FIXTURE_PROTOTYPES(big);

FIXTURE_SETUP(big)
{
	mach_port_t task, name = MACH_PORT_NULL;
	int i;

	mt_setup(_metadata, &self->env, 0);
	task = self->env.task;
	self->base = mt_names(NULL, NULL);
	ASSERT_LE(1, self->base);
	/* Receive rights and dead names, alternately. */
	for (i = 0; i < XL_BIG; i++) {
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_allocate(task, i & 1 ?
					     MACH_PORT_RIGHT_DEAD_NAME :
					     MACH_PORT_RIGHT_RECEIVE, &name))
			TH_LOG("name %d", i);
		if (!i)
			self->first = name;
	}
	self->last = name;
	ASSERT_EQ(self->base + XL_BIG, mt_names(NULL, NULL));
}

MT_FIXTURE_TEARDOWN(big)

/* Every name listed once, in index order, by xlsmp -j and the table. */
TEST_F_TIMEOUT(big, listing, 120)
{
	size_t i, recv = 0, dead = 0;
	struct xl_table t;
	struct xl_list l;
	struct xl_run r;
	char pid[16], total[160];
	uint64_t t0;

	snprintf(pid, sizeof(pid), "%d", getpid());
	t0 = mt_now_ns();
	RUN(&r, "-j", "-p", pid);
	TH_LOG("xlsmp -j of %d names: %llu ms", self->base + XL_BIG,
	       (unsigned long long)((mt_now_ns() - t0) / 1000000));
	EXPECT_RUN_OK(&r);
	ASSERT_EQ(0, js_parse(r.out, &l)) {
		TH_LOG("%s", l.bad);
	}
	xl_free(&r);
	ASSERT_EQ((size_t)(self->base + XL_BIG), l.count);
	for (i = 0; i < l.count; i++) {
		if (i && (l.e[i].name >> 8) <= (l.e[i - 1].name >> 8)) {
			EXPECT_GT(l.e[i].name >> 8, l.e[i - 1].name >> 8)
				TH_LOG("entry %zu", i);
			break;
		}
		if (l.e[i].type == MACH_PORT_TYPE_RECEIVE &&
		    l.e[i].receiver_pid == getpid() &&
		    l.e[i].qlimit == MACH_PORT_QLIMIT_DEFAULT)
			recv++;
		else if (l.e[i].type == MACH_PORT_TYPE_DEAD_NAME &&
			 l.e[i].urefs == 1)
			dead++;
	}
	EXPECT_EQ((size_t)XL_BIG / 2, recv);
	EXPECT_EQ((size_t)XL_BIG / 2, dead);
	EXPECT_NE(NULL, xl_find(&l, self->first));
	EXPECT_NE(NULL, xl_find(&l, self->last));
	xl_list_free(&l);

	t0 = mt_now_ns();
	RUN(&r, "-p", pid);
	TH_LOG("xlsmp of %d names: %llu ms", self->base + XL_BIG,
	       (unsigned long long)((mt_now_ns() - t0) / 1000000));
	EXPECT_RUN_OK(&r);
	ASSERT_EQ(0, tb_parse(r.out, &t)) {
		TH_LOG("%s", t.bad);
	}
	EXPECT_EQ((size_t)(self->base + XL_BIG), t.count);
	snprintf(total, sizeof(total), "total: %d names: %zu recv,",
		 self->base + XL_BIG, (size_t)XL_BIG / 2);
	EXPECT_EQ(0, strncmp(t.total, total, strlen(total))) {
		TH_LOG("%s", t.total);
	}
	xl_table_free(&t);
	xl_free(&r);
}

/* The raw dump of the large space comes in many datagrams, each name once. */
TEST_F_TIMEOUT(big, raw, 120)
{
	struct xl_list l = { 0 };
	struct xl_nl nl;
	char msg[256];
	int batches = 0;
	size_t i;

	ASSERT_EQ(0, raw_open(&nl));
	ASSERT_EQ(0, raw_dump(&nl, 0, &l, msg, sizeof(msg), &batches)) {
		TH_LOG("%s", msg);
	}
	EXPECT_STREQ("", l.bad);
	EXPECT_EQ((size_t)(self->base + XL_BIG), l.count);
	EXPECT_LT(100, batches);
	for (i = 1; i < l.count; i++)
		if ((l.e[i].name >> 8) <= (l.e[i - 1].name >> 8))
			break;
	EXPECT_EQ(l.count, i) TH_LOG("out of order at %zu", i);
	close(nl.fd);
	xl_list_free(&l);
}

TEST_HARNESS_MAIN
