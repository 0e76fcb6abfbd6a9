// SPDX-License-Identifier: GPL-2.0
/*
 * fault_inject_test - every allocation failure on the module's paths
 * (failslab and fail_page_alloc through per-task fail-nth, on the debug
 * kernel of 'make check-debug'): for each scenario, n = 1, 2, ... in a
 * fresh child, the n-th fault site of the operation fails; the caller must
 * get an error code the API documents (or a complete success), the state
 * must stay consistent (no half-made port, right, message, notification,
 * OID, wiring or ring), the same operation without injection must then
 * succeed, and the child's exit path runs with a fault armed too. The loop
 * ends when a run consumes no fault; the number of fault sites of each
 * path is printed. After each scenario the module's live ports and pinned
 * pages are back to what they were (the kmemleak scan of check-debug
 * catches any other leak).
 *
 * It needs root and fail-nth; without them every test is skipped. It loads
 * the sample kexts xnu_sample_cdev, xnu_sample_ring and the sysctl test
 * module xnu_sysctl_test when they are not loaded, and unloads them at exit.
 */
#include "xnu_mach_selftest.h"
#include "xnu_kmod_selftest.h"
#include "xnu_fault_selftest.h"

#include <mach/mach_error.h>
#include <sys/sysctl.h>
#include <xnucross/ring.h>
#include <xnucross/wire.h>

#include "xnucross_sysctl.h"
#include "../kmod/samples/xnu_sample_cdev.h"
#include "../kmod/samples/xnu_sample_ring.h"

#define CDEV_MOD	"xnu_sample_cdev"
#define SYSCTL_MOD	"xnu_sysctl_test"
#define CDEV_NODE	"/dev/" SAMPLE_NODE
#define FI_TEST_S	1200	/* the harness's limit for one scenario */

/* Allowed failure codes. */
#define KR_SHORT	KERN_RESOURCE_SHORTAGE
#define RCV_HDR(x)	(MACH_RCV_HEADER_ERROR | (x))
#define RCV_BODY(x)	(MACH_RCV_BODY_ERROR | (x))
#define RCV_CODES	RCV_HDR(MACH_MSG_IPC_KERNEL), RCV_HDR(MACH_MSG_VM_KERNEL), \
			RCV_HDR(MACH_MSG_IPC_SPACE), RCV_HDR(MACH_MSG_VM_SPACE), \
			RCV_BODY(MACH_MSG_IPC_KERNEL), RCV_BODY(MACH_MSG_VM_KERNEL), \
			RCV_BODY(MACH_MSG_IPC_SPACE), RCV_BODY(MACH_MSG_VM_SPACE)

/* ---- small helpers (injection off) ----------------------------------------- */

/*
 * The names of the space. MIG drops its reply port after a receive error
 * (as on Darwin) and makes a new one on the next call: count with one.
 */
static int names_count(void)
{
	mig_get_reply_port();
	return mt_names(NULL, NULL);
}

static int rcv_rights(void)
{
	mach_port_type_t *types = NULL;
	int n, i, count = 0;

	mig_get_reply_port();
	n = mt_names(NULL, &types);
	for (i = 0; i < n; i++)
		if (types[i] & MACH_PORT_TYPE_RECEIVE)
			count++;
	mt_free_names(NULL, types, n);
	return n < 0 ? -1 : count;
}

static uint64_t pinned_pages(void)
{
	struct xnu_vm_wire_info info;

	if (xnucross_vm_wire_info(&info) != KERN_SUCCESS)
		return ~0ULL;
	return info.pinned_pages;
}

/*
 * The pinned count asked from a forked child: the test's own process
 * stays without a Mach task, so the scenarios' children make theirs on
 * their first Mach call (lib_init), not in fork().
 */
static uint64_t pinned_outside(void)
{
	uint64_t val = ~0ULL;
	int pfd[2], status;
	pid_t pid;

	if (pipe(pfd))
		return ~0ULL;
	pid = fork();
	if (pid == 0) {
		val = pinned_pages();
		_exit(write(pfd[1], &val, sizeof(val)) == sizeof(val) ? 0 : 1);
	}
	close(pfd[1]);
	if (pid < 0 || read(pfd[0], &val, sizeof(val)) != sizeof(val))
		val = ~0ULL;
	close(pfd[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return val;
}

/* Wait (up to 5 s) until the pinned count is @want; the last count seen. */
static uint64_t pinned_settles_to(uint64_t want)
{
	uint64_t now = pinned_outside();
	int i;

	for (i = 0; i < 250 && now != want; i++) {
		mt_sleep_ms(20);
		now = pinned_outside();
	}
	return now;
}

/* The libxnucross state every Mach scenario starts from. */
static int mach_ready(struct fi *fi)
{
	mach_port_t sp = MACH_PORT_NULL;

	FI_TRUE(fi, MACH_PORT_VALID(mach_task_self()));
	FI_TRUE(fi, names_count() > 0);
	/* The bootstrap port and a MIG reply port exist already. */
	bootstrap_look_up(bootstrap_port, "org.xnucross.fi.none", &sp);
	return 0;
}

/* Run a step returning 0 or its failing line; return that line. */
#define FI_CALL(step) do {				\
	int __l = (step);				\
	if (__l)					\
		return __l;				\
} while (0)

#define READY(fi)	FI_CALL(mach_ready(fi))

/* ---- device and task ------------------------------------------------------- */

/* Open /dev/xnucross and handshake: the task and space are made. */
static int s_open(struct fi *fi)
{
	struct xnu_handshake hs;
	int fd, err = 0, fd2;

	fi_arm(fi);
	fd = xnu_open_raw();
	if (fd < 0)
		err = errno;
	else
		err = xnu_handshake(fd, &hs);
	fi_disarm(fi);
	FI_RESULT(fi, err, ENOMEM);
	if (fd >= 0)
		close(fd);
	fd2 = xnu_open_handshaken();
	FI_TRUE(fi, fd2 >= 0);
	close(fd2);
	return 0;
}

/* libxnucross's first call in a process: open, handshake, task port. */
static int s_lib_init(struct fi *fi)
{
	mach_port_t t;

	fi_arm(fi);
	t = mach_task_self();
	fi_disarm(fi);
	FI_RESULT(fi, MACH_PORT_VALID(t) ? 0 : ENOMEM, ENOMEM);
	/* A later call succeeds. */
	FI_TRUE(fi, MACH_PORT_VALID(mach_task_self()));
	FI_TRUE(fi, names_count() > 0);
	return 0;
}

/* ---- ports and rights --------------------------------------------------------- */

static int s_port_allocate(struct fi *fi)
{
	mach_port_t p = MACH_PORT_NULL;
	kern_return_t kr;
	int c0;

	READY(fi);
	c0 = names_count();
	fi_arm(fi);
	kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &p);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT, KERN_NO_SPACE);
	FI_EQ(fi, c0 + (kr == KERN_SUCCESS), names_count());
	if (kr == KERN_SUCCESS)
		FI_EQ(fi, MACH_PORT_TYPE_RECEIVE, mt_type(p));
	FI_TRUE(fi, mt_port() != MACH_PORT_NULL);
	return 0;
}

static int s_insert_right(struct fi *fi)
{
	mach_port_t p;
	kern_return_t kr;

	READY(fi);
	p = mt_port();
	FI_TRUE(fi, p);
	fi_arm(fi);
	kr = mach_port_insert_right(mach_task_self(), p, p,
				    MACH_MSG_TYPE_MAKE_SEND);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT);
	FI_EQ(fi, kr == KERN_SUCCESS, mt_refs(p, MACH_PORT_RIGHT_SEND));
	FI_EQ(fi, KERN_SUCCESS, mach_port_insert_right(mach_task_self(), p, p,
						       MACH_MSG_TYPE_MAKE_SEND));
	FI_EQ(fi, 1 + (kr == KERN_SUCCESS), mt_refs(p, MACH_PORT_RIGHT_SEND));
	return 0;
}

static int set_members(mach_port_t pset)
{
	mach_port_name_array_t m = NULL;
	mach_msg_type_number_t n = 0;

	if (mach_port_get_set_status(mach_task_self(), pset, &m, &n))
		return -1;
	if (m && n)
		vm_deallocate(mach_task_self(), (vm_address_t)m,
			      n * sizeof(*m));
	return (int)n;
}

static int s_pset_allocate(struct fi *fi)
{
	mach_port_t s = MACH_PORT_NULL;
	kern_return_t kr;
	int c0;

	READY(fi);
	c0 = names_count();
	fi_arm(fi);
	kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET,
				&s);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT, KERN_NO_SPACE);
	FI_EQ(fi, c0 + (kr == KERN_SUCCESS), names_count());
	if (kr == KERN_SUCCESS)
		FI_EQ(fi, MACH_PORT_TYPE_PORT_SET, mt_type(s));
	FI_TRUE(fi, mt_pset() != MACH_PORT_NULL);
	return 0;
}

static int s_move_member(struct fi *fi)
{
	mach_port_t p, s;
	kern_return_t kr;

	READY(fi);
	p = mt_port();
	s = mt_pset();
	FI_TRUE(fi, p && s);
	fi_arm(fi);
	kr = mach_port_move_member(mach_task_self(), p, s);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT);
	FI_EQ(fi, kr == KERN_SUCCESS, set_members(s));
	FI_EQ(fi, KERN_SUCCESS, mach_port_move_member(mach_task_self(), p, s));
	FI_EQ(fi, 1, set_members(s));
	return 0;
}

/* mach_port_get_set_status(): a MIG reply carrying an OOL array. */
static int s_set_status(struct fi *fi)
{
	mach_port_name_array_t m = NULL;
	mach_msg_type_number_t n = 0;
	mach_port_t p, s;
	kern_return_t kr;
	int c0;

	READY(fi);
	p = mt_port();
	s = mt_pset();
	FI_TRUE(fi, p && s);
	FI_EQ(fi, KERN_SUCCESS, mach_port_move_member(mach_task_self(), p, s));
	c0 = names_count();
	fi_arm(fi);
	kr = mach_port_get_set_status(mach_task_self(), s, &m, &n);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT, RCV_CODES, MIG_TYPE_ERROR);
	if (kr == KERN_SUCCESS) {
		FI_EQ(fi, 1, n);
		FI_EQ(fi, p, m[0]);
		vm_deallocate(mach_task_self(), (vm_address_t)m, n * sizeof(*m));
	}
	FI_EQ(fi, c0, names_count());
	FI_EQ(fi, 1, set_members(s));
	return 0;
}

/* mach_port_names(): the MIG reply with two OOL arrays. */
static int s_port_names(struct fi *fi)
{
	mach_port_name_array_t n = NULL;
	mach_port_type_array_t t = NULL;
	mach_msg_type_number_t nc = 0, tc = 0;
	kern_return_t kr;
	int c0;

	READY(fi);
	FI_TRUE(fi, mt_port() && mt_port_send());
	c0 = names_count();
	fi_arm(fi);
	kr = mach_port_names(mach_task_self(), &n, &nc, &t, &tc);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT, RCV_CODES, MIG_TYPE_ERROR);
	if (kr == KERN_SUCCESS) {
		FI_EQ(fi, c0, nc);
		FI_EQ(fi, c0, tc);
		mt_free_names(n, t, (int)nc);
	}
	FI_EQ(fi, c0, names_count());
	return 0;
}

/*
 * mach_port_names() of a space of more than a page of names: the kernel's
 * arrays come from vmalloc() when kmalloc() fails.
 */
#define BIG_NAMES	1040

static int s_port_names_big(struct fi *fi)
{
	mach_port_name_array_t n = NULL;
	mach_port_type_array_t t = NULL;
	mach_msg_type_number_t nc = 0, tc = 0;
	kern_return_t kr;
	int i, c0;

	READY(fi);
	for (i = 0; i < BIG_NAMES; i++)
		FI_TRUE(fi, mt_port() != MACH_PORT_NULL);
	c0 = names_count();
	FI_TRUE(fi, c0 > BIG_NAMES);
	fi_arm(fi);
	kr = mach_port_names(mach_task_self(), &n, &nc, &t, &tc);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT, RCV_CODES, MIG_TYPE_ERROR);
	if (kr == KERN_SUCCESS) {
		FI_EQ(fi, c0, nc);
		mt_free_names(n, t, (int)nc);
	}
	FI_EQ(fi, c0, names_count());
	return 0;
}

/* ---- messages ---------------------------------------------------------------------- */

/*
 * Scenario variants: the fault armed around the send (0) or around the
 * receive (1).
 */
static int msg_side;

/* Receive what is queued on @p with injection off; the count drained. */
static int drain(mach_port_t p, union mt_rcv *buf)
{
	int n = 0;

	while (mt_msgcount(p) > 0 && n < 8) {
		if (mt_recv_poll(p, buf) != MACH_MSG_SUCCESS)
			return -1;
		n++;
	}
	return n;
}

/*
 * Receive the message queued on @p (armed when @armed). When that failed,
 * the message is still queued whole or was destroyed: drain it. *@got says
 * whether it arrived in @buf. 0, or the failing line.
 */
static int recv_or_drain(struct fi *fi, mach_port_t p, int armed,
			 union mt_rcv *buf, int *got)
{
	mach_msg_return_t rr;

	if (armed)
		fi_arm(fi);
	rr = mt_recv_poll(p, buf);
	fi_disarm(fi);
	FI_RESULT(fi, rr, RCV_CODES);
	*got = rr == MACH_MSG_SUCCESS;
	if (!*got) {
		/* Not received: still queued whole, or destroyed. */
		FI_TRUE(fi, mt_msgcount(p) <= 1);
		*got = drain(p, buf) == 1;
	}
	return 0;
}

static int msg_inline(struct fi *fi, int side)
{
	union mt_rcv buf;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	mach_port_t p;
	int c0, got = 0;

	READY(fi);
	p = mt_port_send();
	FI_TRUE(fi, p);
	c0 = names_count();
	if (side)
		FI_EQ(fi, MACH_MSG_SUCCESS,
		      mt_send(p, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			      77, 0x1234, 0, 0));
	else
		fi_arm(fi);
	if (!side) {
		mr = mt_send(p, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 77,
			     0x1234, 0, 0);
		fi_disarm(fi);
		FI_RESULT(fi, mr, MACH_SEND_NO_BUFFER, KR_SHORT);
	}
	if (mr == MACH_MSG_SUCCESS)
		FI_CALL(recv_or_drain(fi, p, side, &buf, &got));
	if (got) {
		FI_EQ(fi, 77, buf.msg.head.msgh_id);
		FI_EQ(fi, sizeof(struct mt_msg), buf.msg.head.msgh_size);
		FI_EQ(fi, 0x1234, buf.msg.data[0]);
		FI_EQ(fi, ~0x1234U, buf.msg.data[1]);
	}
	FI_EQ(fi, 0, mt_msgcount(p));
	FI_EQ(fi, 1, mt_refs(p, MACH_PORT_RIGHT_SEND));
	FI_EQ(fi, c0, names_count());
	FI_EQ(fi, MACH_MSG_SUCCESS, mt_send_simple(p, 5));
	FI_EQ(fi, MACH_MSG_SUCCESS, mt_recv_poll(p, &buf));
	return 0;
}

static int s_msg_inline(struct fi *fi)
{
	return msg_inline(fi, msg_side);
}

/* A port descriptor carrying a made send right of q to p. */
static int s_msg_port(struct fi *fi)
{
	union mt_rcv buf;
	mach_msg_return_t mr;
	mach_port_t p, q;
	int c0, got = 0;

	READY(fi);
	p = mt_port_send();
	q = mt_port();
	FI_TRUE(fi, p && q);
	c0 = names_count();
	if (!msg_side)
		fi_arm(fi);
	mr = mt_send_port(p, MACH_MSG_TYPE_COPY_SEND, q,
			  MACH_MSG_TYPE_MAKE_SEND, 88, 0, 0);
	fi_disarm(fi);
	if (msg_side)
		FI_EQ(fi, MACH_MSG_SUCCESS, mr);
	FI_RESULT(fi, mr, MACH_SEND_NO_BUFFER, KR_SHORT);
	if (mr == MACH_MSG_SUCCESS)
		FI_CALL(recv_or_drain(fi, p, msg_side, &buf, &got));
	if (got) {
		FI_EQ(fi, 88, buf.head.msgh_id);
		FI_EQ(fi, q, mt_rcv_port(&buf)->name);
		FI_EQ(fi, MACH_MSG_TYPE_PORT_SEND,
		      MT_BF(mt_rcv_port(&buf)->disposition));
	}
	/* The made right arrived, or it never existed or was destroyed. */
	FI_EQ(fi, got ? 1 : 0, mt_refs(q, MACH_PORT_RIGHT_SEND));
	FI_EQ(fi, MACH_PORT_TYPE_RECEIVE | (got ? MACH_PORT_TYPE_SEND : 0),
	      mt_type(q));
	FI_EQ(fi, c0, names_count());
	FI_EQ(fi, 0, mt_msgcount(p));
	return 0;
}

/* A receive right moved in a message to a port of the same space. */
static int s_msg_move_receive(struct fi *fi)
{
	union mt_rcv buf;
	mach_msg_return_t mr;
	mach_port_t p, q;
	int r0, got = 0;

	READY(fi);
	p = mt_port_send();
	q = mt_port();
	FI_TRUE(fi, p && q);
	r0 = rcv_rights();
	if (!msg_side)
		fi_arm(fi);
	mr = mt_send_port(p, MACH_MSG_TYPE_COPY_SEND, q,
			  MACH_MSG_TYPE_MOVE_RECEIVE, 89, 0, 0);
	fi_disarm(fi);
	if (msg_side)
		FI_EQ(fi, MACH_MSG_SUCCESS, mr);
	FI_RESULT(fi, mr, MACH_SEND_NO_BUFFER, KR_SHORT);
	if (mr != MACH_MSG_SUCCESS) {
		/* Not sent: q is still ours. */
		FI_EQ(fi, MACH_PORT_TYPE_RECEIVE, mt_type(q));
		FI_EQ(fi, r0, rcv_rights());
		return 0;
	}
	FI_EQ(fi, r0 - 1, rcv_rights());
	FI_CALL(recv_or_drain(fi, p, msg_side, &buf, &got));
	if (got) {
		FI_EQ(fi, MACH_MSG_TYPE_PORT_RECEIVE,
		      MT_BF(mt_rcv_port(&buf)->disposition));
		FI_EQ(fi, MACH_PORT_TYPE_RECEIVE,
		      mt_type(mt_rcv_port(&buf)->name));
		FI_EQ(fi, r0, rcv_rights());
	} else {
		/* Destroyed with the message. */
		FI_EQ(fi, r0 - 1, rcv_rights());
	}
	FI_EQ(fi, 0, mt_msgcount(p));
	return 0;
}

/* One OOL region (@len bytes, physical copy) and a tag. */
struct ool_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t ool;
	uint32_t tag;
};

static unsigned char ool_src[3 * 4096 + 100];

static int s_msg_ool(struct fi *fi)
{
	union {
		struct ool_msg m;
		uint8_t bytes[sizeof(struct ool_msg) + 128];
	} rcv;
	struct ool_msg m;
	mach_msg_return_t mr, rr = MACH_MSG_SUCCESS;
	mach_port_t p;
	size_t i;
	int c0, got = 0;

	READY(fi);
	p = mt_port_send();
	FI_TRUE(fi, p);
	for (i = 0; i < sizeof(ool_src); i++)
		ool_src[i] = (unsigned char)(i * 7 + 3);
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), p, MACH_PORT_NULL, 99);
	m.body.msgh_descriptor_count = 1;
	m.ool.address = ool_src + 50;
	m.ool.size = sizeof(ool_src) - 50;
	m.ool.copy = MACH_MSG_PHYSICAL_COPY;
	m.ool.deallocate = 0;
	m.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	m.tag = 0xabc;
	c0 = names_count();
	if (!msg_side)
		fi_arm(fi);
	mr = mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
		      MACH_PORT_NULL);
	fi_disarm(fi);
	if (msg_side)
		FI_EQ(fi, MACH_MSG_SUCCESS, mr);
	FI_RESULT(fi, mr, MACH_SEND_NO_BUFFER, KR_SHORT,
		  MACH_SEND_NO_BUFFER | MACH_MSG_VM_KERNEL);
	if (mr == MACH_MSG_SUCCESS) {
		memset(&rcv, 0, sizeof(rcv));
		if (msg_side)
			fi_arm(fi);
		rr = mach_msg(&rcv.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			      sizeof(rcv), p, 0, MACH_PORT_NULL);
		fi_disarm(fi);
		FI_RESULT(fi, rr, RCV_CODES);
		got = rr == MACH_MSG_SUCCESS;
		if (!got && (rr & ~MACH_MSG_MASK) == MACH_RCV_BODY_ERROR) {
			/* The header and data came, the region did not. */
			FI_EQ(fi, 99, rcv.m.head.msgh_id);
			FI_EQ(fi, 0xabc, rcv.m.tag);
		} else if (!got) {
			FI_TRUE(fi, mt_msgcount(p) <= 1);
			if (mt_msgcount(p) == 1) {
				memset(&rcv, 0, sizeof(rcv));
				FI_EQ(fi, MACH_MSG_SUCCESS,
				      mach_msg(&rcv.m.head,
					       MACH_RCV_MSG | MACH_RCV_TIMEOUT,
					       0, sizeof(rcv), p, 0,
					       MACH_PORT_NULL));
				got = 1;
			}
		}
	}
	if (got) {
		FI_EQ(fi, 99, rcv.m.head.msgh_id);
		FI_EQ(fi, 0xabc, rcv.m.tag);
		FI_EQ(fi, sizeof(ool_src) - 50, rcv.m.ool.size);
		FI_TRUE(fi, rcv.m.ool.address != NULL);
		FI_TRUE(fi, !memcmp(rcv.m.ool.address, ool_src + 50,
				    sizeof(ool_src) - 50));
		FI_EQ(fi, KERN_SUCCESS,
		      vm_deallocate(mach_task_self(),
				    (vm_address_t)rcv.m.ool.address,
				    rcv.m.ool.size));
	}
	FI_EQ(fi, 0, mt_msgcount(p));
	FI_EQ(fi, c0, names_count());
	return 0;
}

/* An OOL ports array of two made send rights. */
struct oolp_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_ool_ports_descriptor_t ports;
};

static int s_msg_ool_ports(struct fi *fi)
{
	union {
		struct oolp_msg m;
		uint8_t bytes[sizeof(struct oolp_msg) + 128];
	} rcv;
	mach_port_t p, q[2], *got_names;
	mach_msg_return_t mr, rr;
	struct oolp_msg m;
	int got = 0;

	READY(fi);
	p = mt_port_send();
	q[0] = mt_port();
	q[1] = mt_port();
	FI_TRUE(fi, p && q[0] && q[1]);
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), p, MACH_PORT_NULL, 98);
	m.body.msgh_descriptor_count = 1;
	m.ports.address = q;
	m.ports.count = 2;
	m.ports.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.ports.copy = MACH_MSG_PHYSICAL_COPY;
	m.ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	if (!msg_side)
		fi_arm(fi);
	mr = mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
		      MACH_PORT_NULL);
	fi_disarm(fi);
	if (msg_side)
		FI_EQ(fi, MACH_MSG_SUCCESS, mr);
	FI_RESULT(fi, mr, MACH_SEND_NO_BUFFER, KR_SHORT,
		  MACH_SEND_NO_BUFFER | MACH_MSG_VM_KERNEL);
	if (mr == MACH_MSG_SUCCESS) {
		memset(&rcv, 0, sizeof(rcv));
		if (msg_side)
			fi_arm(fi);
		rr = mach_msg(&rcv.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			      sizeof(rcv), p, 0, MACH_PORT_NULL);
		fi_disarm(fi);
		FI_RESULT(fi, rr, RCV_CODES);
		if (rr == MACH_MSG_SUCCESS) {
			got = 1;
		} else if (mt_msgcount(p) == 1) {
			memset(&rcv, 0, sizeof(rcv));
			FI_EQ(fi, MACH_MSG_SUCCESS,
			      mach_msg(&rcv.m.head,
				       MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				       sizeof(rcv), p, 0, MACH_PORT_NULL));
			got = 1;
		}
	}
	if (got) {
		FI_EQ(fi, 2, rcv.m.ports.count);
		got_names = rcv.m.ports.address;
		FI_TRUE(fi, got_names != NULL);
		FI_EQ(fi, q[0], got_names[0]);
		FI_EQ(fi, q[1], got_names[1]);
		vm_deallocate(mach_task_self(), (vm_address_t)got_names,
			      2 * sizeof(mach_port_t));
	}
	/* Each made right arrived whole or not at all. */
	FI_EQ(fi, got, mt_refs(q[0], MACH_PORT_RIGHT_SEND));
	FI_EQ(fi, got, mt_refs(q[1], MACH_PORT_RIGHT_SEND));
	FI_EQ(fi, 0, mt_msgcount(p));
	return 0;
}

/* ---- notifications --------------------------------------------------------------------------- */

/*
 * The start of both notification scenarios: a receive right with a send
 * right (*@q), a receive right for the notification (*@n) and the request
 * for notification @id of *@q (armed on side 0; what it replaced in
 * *@prev). 0, or the failing line.
 */
static int notify_request(struct fi *fi, mach_msg_id_t id, mach_port_t *q,
			  mach_port_t *n, mach_port_t *prev)
{
	kern_return_t kr;

	*prev = MACH_PORT_NULL;
	READY(fi);
	*q = mt_port_send();
	*n = mt_port();
	FI_TRUE(fi, *q && *n);
	if (!msg_side)
		fi_arm(fi);
	kr = mach_port_request_notification(mach_task_self(), *q, id, 0, *n,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE,
					    prev);
	fi_disarm(fi);
	if (msg_side)
		FI_EQ(fi, KERN_SUCCESS, kr);
	FI_RESULT(fi, kr, KR_SHORT);
	return 0;
}

/*
 * A dead-name request (side 0: the request armed) or its firing (side 1:
 * the receive right's death armed).
 */
static int s_notify_dead_name(struct fi *fi)
{
	mach_port_t q, n, prev;
	union mt_rcv buf;
	kern_return_t kr;
	int c;

	FI_CALL(notify_request(fi, MACH_NOTIFY_DEAD_NAME, &q, &n, &prev));
	FI_EQ(fi, MACH_PORT_NULL, prev);
	if (msg_side)
		fi_arm(fi);
	kr = mt_kill(q);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT);
	if (kr != KERN_SUCCESS) {
		FI_EQ(fi, MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND |
		      (fi->ret == KERN_SUCCESS ? MACH_PORT_TYPE_DNREQUEST : 0),
		      mt_type(q));
		FI_EQ(fi, KERN_SUCCESS, mt_kill(q));
	}
	c = drain(n, &buf);
	if (!msg_side && fi->ret) {
		/*
		 * No request: at most the send-once notification of the
		 * right made for it and destroyed with the failed request.
		 */
		FI_TRUE(fi, c == 0 || c == 1);
		if (c == 1)
			FI_EQ(fi, MACH_NOTIFY_SEND_ONCE, buf.head.msgh_id);
		return 0;
	}
	if (!msg_side) {
		/* The request was made: its notification came. */
		FI_EQ(fi, 1, c);
	} else {
		/* A lost notification is allowed; a half one is not. */
		FI_TRUE(fi, c == 0 || c == 1);
	}
	if (c == 1) {
		FI_EQ(fi, MACH_NOTIFY_DEAD_NAME, buf.head.msgh_id);
		FI_EQ(fi, n, buf.head.msgh_local_port);
	}
	return 0;
}

static int s_notify_no_senders(struct fi *fi)
{
	mach_port_t q, n, prev;
	union mt_rcv buf;
	kern_return_t kr;
	int c;

	FI_CALL(notify_request(fi, MACH_NOTIFY_NO_SENDERS, &q, &n, &prev));
	if (msg_side)
		fi_arm(fi);
	kr = mach_port_deallocate(mach_task_self(), q);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT);
	FI_EQ(fi, 0, mt_refs(q, MACH_PORT_RIGHT_SEND));
	c = drain(n, &buf);
	if (!msg_side)
		FI_EQ(fi, fi->ret == KERN_SUCCESS, c != 0);
	FI_TRUE(fi, c == 0 || c == 1);
	/* A failed request's send-once right died: its notification. */
	if (c == 1)
		FI_EQ(fi, fi->ret ? MACH_NOTIFY_SEND_ONCE :
		      MACH_NOTIFY_NO_SENDERS, buf.head.msgh_id);
	FI_EQ(fi, KERN_SUCCESS, mt_kill(q));
	return 0;
}

/* ---- bootstrap ------------------------------------------------------------------------------ */

static int s_bootstrap(struct fi *fi)
{
	mach_port_t sp = MACH_PORT_NULL, lp = MACH_PORT_NULL;
	char name[128];
	kern_return_t kr;

	READY(fi);
	mt_service_name(name, sizeof(name), "fi");
	if (!msg_side)
		fi_arm(fi);
	kr = bootstrap_check_in(bootstrap_port, name, &sp);
	fi_disarm(fi);
	if (msg_side)
		FI_EQ(fi, KERN_SUCCESS, kr);
	FI_RESULT(fi, kr, KR_SHORT, BOOTSTRAP_NO_MEMORY, RCV_CODES);
	if (msg_side)
		fi_arm(fi);
	kr = bootstrap_look_up(bootstrap_port, name, &lp);
	fi_disarm(fi);
	if (!msg_side) {
		/* Registered iff the check-in succeeded. */
		FI_EQ(fi, fi->ret ? BOOTSTRAP_UNKNOWN_SERVICE : KERN_SUCCESS,
		      kr);
	} else {
		FI_RESULT(fi, kr, KR_SHORT, BOOTSTRAP_NO_MEMORY, RCV_CODES);
		if (kr)
			FI_EQ(fi, KERN_SUCCESS,
			      bootstrap_look_up(bootstrap_port, name, &lp));
	}
	if (kr == KERN_SUCCESS || msg_side)
		FI_EQ(fi, sp, lp);
	/* Leave no dead entry behind (it would keep the dead port). */
	if (sp)
		FI_EQ(fi, KERN_SUCCESS,
		      bootstrap_register(bootstrap_port, name, MACH_PORT_NULL));
	return 0;
}

/* ---- kernel objects ------------------------------------------------------------------------ */

static int s_clock_get_time(struct fi *fi)
{
	mach_timespec_t t;
	clock_serv_t clk;
	kern_return_t kr;
	int c0;

	READY(fi);
	FI_EQ(fi, KERN_SUCCESS, host_get_clock_service(mach_host_self(),
						       SYSTEM_CLOCK, &clk));
	c0 = names_count();
	fi_arm(fi);
	kr = clock_get_time(clk, &t);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT, MACH_SEND_NO_BUFFER, RCV_CODES);
	FI_EQ(fi, c0, names_count());
	FI_EQ(fi, KERN_SUCCESS, clock_get_time(clk, &t));
	return 0;
}

static int s_host_clock(struct fi *fi)
{
	clock_serv_t clk = MACH_PORT_NULL;
	mach_port_t host;
	kern_return_t kr;
	int c0;

	READY(fi);
	host = mach_host_self();
	FI_TRUE(fi, MACH_PORT_VALID(host));
	c0 = names_count();
	fi_arm(fi);
	kr = host_get_clock_service(host, CALENDAR_CLOCK, &clk);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT, MACH_SEND_NO_BUFFER, RCV_CODES);
	FI_EQ(fi, c0 + (kr == KERN_SUCCESS), names_count());
	if (kr == KERN_SUCCESS)
		FI_EQ(fi, 1, mt_refs(clk, MACH_PORT_RIGHT_SEND));
	return 0;
}

static int s_semaphore_create(struct fi *fi)
{
	semaphore_t s = MACH_PORT_NULL;
	kern_return_t kr;
	int c0;

	READY(fi);
	c0 = names_count();
	fi_arm(fi);
	kr = semaphore_create(mach_task_self(), &s, SYNC_POLICY_FIFO, 0);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT, MACH_SEND_NO_BUFFER, RCV_CODES);
	FI_EQ(fi, c0 + (kr == KERN_SUCCESS), names_count());
	if (kr == KERN_SUCCESS) {
		FI_EQ(fi, KERN_SUCCESS, semaphore_signal(s));
		FI_EQ(fi, KERN_SUCCESS, semaphore_destroy(mach_task_self(), s));
	}
	FI_EQ(fi, KERN_SUCCESS,
	      semaphore_create(mach_task_self(), &s, SYNC_POLICY_FIFO, 0));
	return 0;
}

static int s_thread_self(struct fi *fi)
{
	mach_port_t t;
	int c0;

	READY(fi);
	c0 = names_count();
	fi_arm(fi);
	t = mach_thread_self();
	fi_disarm(fi);
	FI_RESULT(fi, MACH_PORT_VALID(t) ? 0 : KR_SHORT, KR_SHORT);
	FI_EQ(fi, c0 + MACH_PORT_VALID(t), names_count());
	if (MACH_PORT_VALID(t))
		FI_EQ(fi, KERN_SUCCESS, mach_port_deallocate(mach_task_self(), t));
	t = mach_thread_self();
	FI_TRUE(fi, MACH_PORT_VALID(t));
	return 0;
}

/* ---- sysctl --------------------------------------------------------------------------------- */

static int s_sysctl_read(struct fi *fi)
{
	char buf[64];
	size_t len = sizeof(buf);
	int ret;

	memset(buf, 0, sizeof(buf));
	FI_TRUE(fi, xnucross_fd() >= 0);
	fi_arm(fi);
	ret = sysctlbyname("kern.ostype", buf, &len, NULL, 0) ? errno : 0;
	fi_disarm(fi);
	FI_RESULT(fi, ret, ENOMEM);
	if (!ret)
		FI_TRUE(fi, !strcmp(buf, "Darwin"));
	len = sizeof(buf);
	FI_EQ(fi, 0, sysctlbyname("kern.ostype", buf, &len, NULL, 0));
	return 0;
}

static int s_sysctl_mib(struct fi *fi)
{
	int mib[2] = { CTL_KERN, KERN_OSTYPE }, m2[CTL_MAXNAME];
	char buf[64];
	size_t len = sizeof(buf), n = CTL_MAXNAME;
	int ret;

	FI_TRUE(fi, xnucross_fd() >= 0);
	fi_arm(fi);
	ret = sysctl(mib, 2, buf, &len, NULL, 0) ? errno : 0;
	if (!ret)
		ret = sysctlnametomib("kern.ostype", m2, &n) ? errno : 0;
	fi_disarm(fi);
	FI_RESULT(fi, ret, ENOMEM);
	if (!ret) {
		FI_EQ(fi, 2, n);
		FI_EQ(fi, KERN_OSTYPE, m2[1]);
	}
	return 0;
}

static int read_emu(const char *name, int *v)
{
	size_t len = sizeof(*v);

	return sysctlbyname(name, v, &len, NULL, 0) ? errno : 0;
}

static int write_emu(const char *name, int v)
{
	return sysctlbyname(name, NULL, NULL, &v, sizeof(v)) ? errno : 0;
}

static int s_sysctl_write(struct fi *fi)
{
	int v = -1, ret, want = (int)fi->n + 1000;

	FI_EQ(fi, 0, write_emu("debug.emutest.i", 7));
	fi_arm(fi);
	ret = write_emu("debug.emutest.i", want);
	fi_disarm(fi);
	FI_RESULT(fi, ret, ENOMEM);
	FI_EQ(fi, 0, read_emu("debug.emutest.i", &v));
	FI_EQ(fi, ret ? 7 : want, v);
	FI_EQ(fi, 0, write_emu("debug.emutest.i", 0));
	return 0;
}

/* Dynamic OIDs: debug.emutest.bulk = 3 registers bulk_node.o0..o2. */
static int s_sysctl_register(struct fi *fi)
{
	char name[64];
	int v = -1, ret, i, present;

	FI_EQ(fi, 0, write_emu("debug.emutest.bulk", 0));
	fi_arm(fi);
	ret = write_emu("debug.emutest.bulk", 3);
	fi_disarm(fi);
	FI_RESULT(fi, ret, ENOMEM);
	FI_EQ(fi, 0, read_emu("debug.emutest.bulk", &v));
	FI_TRUE(fi, ret ? v == 0 : v == 3);
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "debug.emutest.bulk_node.o%d", i);
		present = read_emu(name, &v) == 0;
		FI_EQ(fi, !ret, present);
	}
	FI_EQ(fi, 0, write_emu("debug.emutest.bulk", 0));
	return 0;
}

/* The generic netlink dump of kern. */
static int s_genl_dump(struct fi *fi)
{
	struct xnucross_sysctl_list *l = NULL;
	int mib[1] = { CTL_KERN }, ret;

	fi_arm(fi);
	ret = xnucross_sysctl_dump_list(mib, 1, 0, &l) ? errno : 0;
	fi_disarm(fi);
	/*
	 * EIO: socket() failed with ENFILE (its struct file), which libnl
	 * reports as NLE_FAILURE. ENODEV: the kernel could not answer the
	 * family lookup, which libnl's genl_ctrl_resolve() reports as
	 * NLE_OBJ_NOTFOUND whatever the cause.
	 */
	FI_RESULT(fi, ret, ENOMEM, ENOBUFS, EIO, ENODEV);
	if (!ret) {
		FI_TRUE(fi, l && l->count > 0);
	}
	if (l)
		xnucross_sysctl_list_free(l);
	l = NULL;
	FI_EQ(fi, 0, xnucross_sysctl_dump_list(mib, 1, 0, &l));
	xnucross_sysctl_list_free(l);
	return 0;
}

/* A watch through generic netlink: registered whole or not at all. */
static int s_genl_watch(struct fi *fi)
{
	struct xnucross_sysctl_genl_stats st;
	struct xnucross_sysctl_events *ev;
	int ret;

	ev = xnucross_sysctl_events_open(0);
	FI_TRUE(fi, ev != NULL);
	fi_arm(fi);
	ret = xnucross_sysctl_watch_name(ev, "kern.ostype") ? errno : 0;
	fi_disarm(fi);
	FI_RESULT(fi, ret, ENOMEM, ENOBUFS);
	FI_EQ(fi, 0, xnucross_sysctl_genl_stats(ev, &st));
	/*
	 * ENOBUFS: the kernel could not queue its answer (netlink_ack()'s
	 * allocation); the watch may be made or not, as netlink has it.
	 */
	if (ret == ENOBUFS)
		FI_TRUE(fi, st.mine <= 1);
	else
		FI_EQ(fi, ret ? 0 : 1, st.mine);
	if (st.mine)
		FI_EQ(fi, 0, xnucross_sysctl_unwatch_name(ev, "kern.ostype"));
	FI_EQ(fi, 0, xnucross_sysctl_watch_name(ev, "kern.ostype"));
	FI_EQ(fi, 0, xnucross_sysctl_genl_stats(ev, &st));
	FI_EQ(fi, 1, st.mine);
	xnucross_sysctl_events_close(ev);
	return 0;
}

/* ---- BSD devices (cdevsw) ------------------------------------------------------------------------ */

static int cdev_stats(int fd, struct sample_stats *st)
{
	return ioctl(fd, SAMPLE_GET_STATS, st) ? errno : 0;
}

static int s_cdev_open(struct fi *fi)
{
	struct sample_stats a, b;
	int fd0, fd, err;

	/* The counters before, the device then closed again. */
	fd0 = open(CDEV_NODE, O_RDWR | O_CLOEXEC);
	FI_TRUE(fi, fd0 >= 0);
	FI_EQ(fi, 0, cdev_stats(fd0, &a));
	close(fd0);
	fi_arm(fi);
	fd = open(CDEV_NODE, O_RDWR | O_CLOEXEC);
	err = fd < 0 ? errno : 0;
	fi_disarm(fi);
	FI_RESULT(fi, err, ENOMEM);
	if (fd >= 0)
		close(fd);
	fd0 = open(CDEV_NODE, O_RDWR | O_CLOEXEC);
	FI_TRUE(fi, fd0 >= 0);
	FI_EQ(fi, 0, cdev_stats(fd0, &b));
	close(fd0);
	/*
	 * d_close runs at the last close: the first open's close and the
	 * armed open's (when its d_open ran) are the closes since, the
	 * armed open and this one the opens.
	 */
	FI_EQ(fi, b.opens - a.opens, b.closes - a.closes);
	return 0;
}

static int s_cdev_ioctl(struct fi *fi)
{
	struct sample_stats st;
	struct sample_add add = { .delta = 5 };
	unsigned int v = 100;
	int fd, err;

	fd = open(CDEV_NODE, O_RDWR | O_CLOEXEC);
	FI_TRUE(fi, fd >= 0);
	FI_EQ(fi, 0, ioctl(fd, SAMPLE_SET_VALUE, &v));
	fi_arm(fi);
	err = ioctl(fd, SAMPLE_ADD, &add) ? errno : 0;
	fi_disarm(fi);
	FI_RESULT(fi, err, ENOMEM);
	FI_EQ(fi, 0, cdev_stats(fd, &st));
	FI_EQ(fi, err ? 100 : 105, st.value);
	if (!err)
		FI_EQ(fi, 105, add.result);
	close(fd);
	return 0;
}

/* ---- wired memory and rings -------------------------------------------------------------------- */

static int s_wire(struct fi *fi)
{
	uint64_t h = 0, p0;
	kern_return_t kr;
	char *buf;

	buf = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	FI_TRUE(fi, buf != MAP_FAILED);
	memset(buf, 0x5a, 4 * 4096);
	p0 = pinned_pages();
	FI_TRUE(fi, p0 != ~0ULL);
	if (!msg_side)
		fi_arm(fi);
	kr = xnucross_vm_wire(buf, 4 * 4096, VM_PROT_READ | VM_PROT_WRITE, &h);
	fi_disarm(fi);
	if (msg_side)
		FI_EQ(fi, KERN_SUCCESS, kr);
	FI_RESULT(fi, kr, KR_SHORT);
	FI_EQ(fi, p0 + (kr == KERN_SUCCESS ? 4 : 0), pinned_pages());
	if (kr == KERN_SUCCESS) {
		if (msg_side)
			fi_arm(fi);
		kr = xnucross_vm_unwire(h);
		fi_disarm(fi);
		FI_RESULT(fi, kr, KR_SHORT);
		if (kr)
			FI_EQ(fi, KERN_SUCCESS, xnucross_vm_unwire(h));
	}
	FI_EQ(fi, p0, pinned_pages());
	FI_EQ(fi, KERN_SUCCESS, xnucross_vm_wire(buf, 4096, VM_PROT_READ, &h));
	FI_EQ(fi, KERN_SUCCESS, xnucross_vm_unwire(h));
	return 0;
}

/* A region of more than a page of page pointers (vmalloc fallback). */
#define BIG_WIRE_PAGES	520

static int s_wire_big(struct fi *fi)
{
	size_t len = (size_t)BIG_WIRE_PAGES * 4096;
	uint64_t h = 0, p0;
	kern_return_t kr;
	char *buf;

	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	FI_TRUE(fi, buf != MAP_FAILED);
	memset(buf, 0x5a, len);
	p0 = pinned_pages();
	FI_TRUE(fi, p0 != ~0ULL);
	fi_arm(fi);
	kr = xnucross_vm_wire(buf, len, VM_PROT_READ | VM_PROT_WRITE, &h);
	fi_disarm(fi);
	FI_RESULT(fi, kr, KR_SHORT);
	FI_EQ(fi, p0 + (kr == KERN_SUCCESS ? BIG_WIRE_PAGES : 0),
	      pinned_pages());
	if (kr == KERN_SUCCESS)
		FI_EQ(fi, KERN_SUCCESS, xnucross_vm_unwire(h));
	FI_EQ(fi, p0, pinned_pages());
	return 0;
}

static int s_ring(struct fi *fi)
{
	struct xnucross_ring_params par = { .tx_size = 4096, .rx_size = 4096 };
	xnucross_ring_t *r = NULL;
	kern_return_t kr;
	uint64_t p0;
	int c0;

	READY(fi);
	p0 = pinned_pages();
	c0 = names_count();
	if (!msg_side)
		fi_arm(fi);
	kr = xnucross_ring_create(XNU_SAMPLE_RING_NAME, &par, &r);
	fi_disarm(fi);
	if (msg_side)
		FI_EQ(fi, KERN_SUCCESS, kr);
	FI_RESULT(fi, kr, KR_SHORT, MACH_SEND_NO_BUFFER, RCV_CODES);
	if (kr == KERN_SUCCESS) {
		FI_EQ(fi, KERN_SUCCESS,
		      xnucross_ring_send(r, "hello", 5, 1, XNUCROSS_RING_NOWAIT));
		if (msg_side)
			fi_arm(fi);
		kr = ring_doorbell(r->port);
		fi_disarm(fi);
		FI_RESULT(fi, kr, KR_SHORT, MACH_SEND_NO_BUFFER);
		xnucross_ring_destroy(r);
	}
	FI_EQ(fi, c0, names_count());
	for (int i = 0; i < 250 && pinned_pages() != p0; i++)
		mt_sleep_ms(20);
	FI_EQ(fi, p0, pinned_pages());
	return 0;
}

/* ---- teardown: closing a rich task ------------------------------------------------------------ */

static int s_teardown(struct fi *fi)
{
	mach_port_t p, q, s, n, prev;
	struct xnucross_ring_params par = { .tx_size = 4096, .rx_size = 4096 };
	xnucross_ring_t *r = NULL;
	semaphore_t sem;
	uint64_t h;
	char *buf;
	int fd;

	READY(fi);
	p = mt_port_send();
	q = mt_port();
	n = mt_port();
	s = mt_pset();
	FI_TRUE(fi, p && q && n && s);
	FI_EQ(fi, KERN_SUCCESS, mach_port_move_member(mach_task_self(), q, s));
	FI_EQ(fi, MACH_MSG_SUCCESS, mt_send_simple(p, 1));
	FI_EQ(fi, MACH_MSG_SUCCESS,
	      mt_send_port(p, MACH_MSG_TYPE_COPY_SEND, n,
			   MACH_MSG_TYPE_MAKE_SEND, 2, 0, 0));
	FI_EQ(fi, MACH_MSG_SUCCESS,
	      mt_send_port(p, MACH_MSG_TYPE_COPY_SEND, q,
			   MACH_MSG_TYPE_MOVE_RECEIVE, 3, 0, 0));
	FI_EQ(fi, KERN_SUCCESS,
	      mach_port_request_notification(mach_task_self(), p,
					     MACH_NOTIFY_NO_SENDERS, 0, n,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE,
					     &prev));
	FI_EQ(fi, KERN_SUCCESS,
	      semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 0));
	buf = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	FI_TRUE(fi, buf != MAP_FAILED);
	FI_EQ(fi, KERN_SUCCESS,
	      xnucross_vm_wire(buf, 2 * 4096, VM_PROT_READ | VM_PROT_WRITE, &h));
	FI_EQ(fi, KERN_SUCCESS, xnucross_ring_create(XNU_SAMPLE_RING_NAME, &par, &r));
	fd = xnucross_fd();
	FI_TRUE(fi, fd >= 0);
	fi_arm(fi);
	close(fd);
	fi_disarm(fi);
	return 0;
}

/* ---- the tests ------------------------------------------------------------------------------------ */

FIXTURE(fi) {
	long long live;
	uint64_t pinned;
	unsigned long taint;
};
XNU_FIXTURE_PROTOTYPES(fi);

FIXTURE_SETUP(fi)
{
	const char *why = fi_unavailable();

	if (why && fi_must_run())
		ASSERT_EQ(NULL, why) {
			TH_LOG("%s: the debug kernel must inject faults", why);
		}
	if (why)
		SKIP(_exit(255), "%s", why);
	if (getuid())
		SKIP(_exit(255), "needs root");
	self->taint = xnu_taint();
	ASSERT_EQ(0, fi_knobs_set());
	self->pinned = pinned_outside();
	self->live = mt_ports_live_settled();
	ASSERT_LE(0, self->live);
	ASSERT_NE(~0ULL, self->pinned);
}

FIXTURE_TEARDOWN(fi)
{
	fi_knobs_restore();
	_metadata->trigger = 0;
	EXPECT_EQ(0UL, (xnu_taint() & ~self->taint) & XNU_TAINT_BAD);
}

static void run_loop(struct __test_metadata *_metadata,
		     FIXTURE_DATA(fi) *self, const char *name, fi_fn fn,
		     int side);

/*
 * The paths that allocate nothing once armed (measured on the 6.1 debug
 * kernel: 0 fault sites). That is a claim checked like the others: a new
 * allocation on one of them must come with its own error handling and a
 * change here; every other scenario must reach at least one fault site,
 * or it proves nothing.
 */
static const char *const fi_no_sites[] = {
	/* MAKE_SEND on a name holding the receive right: a reference. */
	"insert_right",
	/* Adding a port to a set: links two existing objects. */
	"move_member",
	/*
	 * Receive of a queued inline / port / move-receive message: the
	 * message and its rights were made at send time, receive copies
	 * them out.
	 */
	"msg_inline/2nd", "msg_port/2nd", "msg_move_receive/2nd",
	/* A no-senders request is kept in the port itself. */
	"notify_no_senders",
	/* The kernel clock server's call and reply (measured). */
	"clock_get_time",
	/* An int OID read and written through small buffers (measured). */
	"sysctl_read", "sysctl_write",
	/* The sample kext's ioctl on an open node (measured). */
	"cdev_ioctl",
	/* Unwiring only releases. */
	"wire/2nd",
	/* The ring's doorbell (measured). */
	"ring/2nd",
};

static bool fi_expect_no_sites(const char *label)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fi_no_sites); i++)
		if (!strcmp(label, fi_no_sites[i]))
			return true;
	return false;
}

static void run(struct __test_metadata *_metadata, FIXTURE_DATA(fi) *self,
		const char *name, fi_fn fn, int side, const char *mod)
{
	const char *only = getenv("FI_ONLY");

	/* FI_ONLY="name1 name2": only those scenarios (for development). */
	if (only && *only && !strstr(only, name))
		SKIP(return, "not in FI_ONLY");
	if (mod && !xnu_kmod_loaded(mod) && fi_must_run())
		ASSERT_TRUE(xnu_kmod_loaded(mod)) {
			TH_LOG("%s is not loaded: on the debug kernel every scenario must run",
			       mod);
		}
	if (mod && !xnu_kmod_loaded(mod))
		SKIP(return, "%s is not loaded", mod);
	run_loop(_metadata, self, name, fn, side);
}

static void run_loop(struct __test_metadata *_metadata,
		     FIXTURE_DATA(fi) *self, const char *name, fi_fn fn,
		     int side)
{
	struct fi_report rep;
	struct fi_stats st;
	unsigned int bad;
	char label[64];

	msg_side = side;
	bad = fi_loop(fn, &st, &rep);
	snprintf(label, sizeof(label), "%s%s", name,
		 side ? "/2nd" : "");
	fi_print_stats(label, &st);
	EXPECT_EQ(0U, bad) {
		TH_LOG("%s: fault site %u (result %#x): %s", label, bad,
		       (unsigned int)rep.ret, rep.why);
	}
	if (!bad && fi_expect_no_sites(label)) {
		EXPECT_EQ(0U, st.sites) {
			TH_LOG("%s: a path listed as allocation-free now has fault sites",
			       label);
		}
	} else if (!bad) {
		EXPECT_LT(0U, st.sites) {
			TH_LOG("%s: no fault fired: the scenario tested nothing",
			       label);
		}
	}
	/* Every child is gone: no port or pinned page left behind. */
	EXPECT_EQ(self->live, mt_ports_live_wait(self->live));
	EXPECT_EQ(self->pinned, pinned_settles_to(self->pinned));
}

#define FI_TEST(name, side)						\
	TEST_F_TIMEOUT(fi, name, FI_TEST_S) { run(_metadata, self, #name, s_##name, side, NULL); }

#define FI_TEST2(name, tname, side)					\
	TEST_F_TIMEOUT(fi, tname, FI_TEST_S) { run(_metadata, self, #name, s_##name, side, NULL); }

#define FI_TEST_MOD(name, tname, side, mod)				\
	TEST_F_TIMEOUT(fi, tname, FI_TEST_S) { run(_metadata, self, #name, s_##name, side, mod); }

FI_TEST(open, 0)
FI_TEST(lib_init, 0)
FI_TEST(port_allocate, 0)
FI_TEST(insert_right, 0)
FI_TEST(pset_allocate, 0)
FI_TEST(move_member, 0)
FI_TEST(set_status, 0)
FI_TEST(port_names, 0)
FI_TEST(port_names_big, 0)
FI_TEST2(msg_inline, msg_inline_send, 0)
FI_TEST2(msg_inline, msg_inline_recv, 1)
FI_TEST2(msg_port, msg_port_send, 0)
FI_TEST2(msg_port, msg_port_recv, 1)
FI_TEST2(msg_move_receive, msg_move_receive_send, 0)
FI_TEST2(msg_move_receive, msg_move_receive_recv, 1)
FI_TEST2(msg_ool, msg_ool_send, 0)
FI_TEST2(msg_ool, msg_ool_recv, 1)
FI_TEST2(msg_ool_ports, msg_ool_ports_send, 0)
FI_TEST2(msg_ool_ports, msg_ool_ports_recv, 1)
FI_TEST2(notify_dead_name, notify_dead_name_request, 0)
FI_TEST2(notify_dead_name, notify_dead_name_fire, 1)
FI_TEST2(notify_no_senders, notify_no_senders_request, 0)
FI_TEST2(notify_no_senders, notify_no_senders_fire, 1)
FI_TEST2(bootstrap, bootstrap_check_in, 0)
FI_TEST2(bootstrap, bootstrap_look_up, 1)
FI_TEST(clock_get_time, 0)
FI_TEST(host_clock, 0)
FI_TEST(semaphore_create, 0)
FI_TEST(thread_self, 0)
FI_TEST(sysctl_read, 0)
FI_TEST(sysctl_mib, 0)
FI_TEST_MOD(sysctl_write, sysctl_write, 0, SYSCTL_MOD)
FI_TEST_MOD(sysctl_register, sysctl_register, 0, SYSCTL_MOD)
FI_TEST(genl_dump, 0)
FI_TEST(genl_watch, 0)
FI_TEST_MOD(cdev_open, cdev_open, 0, CDEV_MOD)
FI_TEST_MOD(cdev_ioctl, cdev_ioctl, 0, CDEV_MOD)
FI_TEST2(wire, wire, 0)
FI_TEST2(wire, unwire, 1)
FI_TEST(wire_big, 0)
FI_TEST_MOD(ring, ring_create, 0, XNU_SAMPLE_RING_MODULE)
FI_TEST_MOD(ring, ring_doorbell, 1, XNU_SAMPLE_RING_MODULE)
FI_TEST_MOD(teardown, task_teardown, 0, XNU_SAMPLE_RING_MODULE)

/* ---- second pass: whole selftests under random failslab ----------------------------------- */

/*
 * Each program runs with /proc/<pid>/make-it-fail set (inherited by the
 * processes it forks) while failslab fails that many percent of their
 * slab allocations (task-filter: nobody else's). Their own results do not
 * matter (they expect success); what must hold is the kernel's: no report,
 * no leak (the kmemleak scan of check-debug), no page left pinned.
 *
 * Opt-in (FI_SOAK="program ..."; FI_SOAK=1 for the default list): failslab
 * has no stack-trace filter on x86_64 and a single cache of ours
 * (xnu_kmsg), so the faults hit the kernel's own paths too, and fork()'s
 * vmalloc'ed thread stack logs an allocation-failure stack trace when it
 * fails, which check-debug counts as a report. Run it by hand on the debug
 * kernel and read the log.
 */
#define SOAK_PROGS	"mach_port_test mach_msg_test mach_notify_test sysctl_test ring_test"
#define SOAK_PERCENT	"3"
#define SOAK_S		90

/* Set in this order (the filter before the probability), restored backwards. */
static struct fi_knob soak_knobs[] = {
	{ .path = FI_DEBUGFS "/failslab/task-filter", .want = "Y" },
	{ .path = FI_DEBUGFS "/failslab/space", .want = "0" },
	{ .path = FI_DEBUGFS "/failslab/times", .want = "-1" },
	{ .path = FI_DEBUGFS "/failslab/interval", .want = "1" },
	{ .path = FI_DEBUGFS "/failslab/probability", .want = SOAK_PERCENT },
};

#define SOAK_NKNOBS	(sizeof(soak_knobs) / sizeof(soak_knobs[0]))

/* Count the TAP result lines of @path: all, and the passed ones. */
static void soak_count(const char *path, unsigned int *all, unsigned int *ok)
{
	char line[512];
	FILE *f;

	*all = *ok = 0;
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "ok ", 3)) {
			(*all)++;
			(*ok)++;
		} else if (!strncmp(line, "not ok ", 7)) {
			(*all)++;
		}
	}
	fclose(f);
}

/*
 * Run @prog; once it runs (its exec and dynamic loading done, untouched by
 * the faults), mark it make-it-fail: the test processes it forks from then
 * on inherit the mark. Says how it ended in @how.
 */
static void soak_one(const char *prog, unsigned int secs, char *how,
		     size_t len)
{
	char out[] = "/tmp/fi_soak.XXXXXX", exe[PATH_MAX], proc[64];
	unsigned int all, ok;
	int status, fd, marked = 0;
	uint64_t end, seen = 0;
	pid_t pid, ret;
	ssize_t n;

	fd = mkstemp(out);
	if (fd < 0) {
		snprintf(how, len, "mkstemp: %s", strerror(errno));
		return;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fd);
		snprintf(how, len, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(prog, prog, (char *)NULL);
		_exit(127);
	}
	close(fd);
	setpgid(pid, pid);
	end = mt_now_ns() + (uint64_t)secs * 1000000000ULL;
	for (;;) {
		if (!marked) {
			snprintf(proc, sizeof(proc), "/proc/%d/exe", pid);
			n = readlink(proc, exe, sizeof(exe) - 1);
			if (n > 0) {
				exe[n] = '\0';
				/*
				 * Exec'd: give the dynamic loader a second
				 * (the faults would only kill it).
				 */
				if (!strcmp(exe, prog) && !seen)
					seen = mt_now_ns();
				if (seen && mt_now_ns() - seen > 1000000000ULL) {
					snprintf(proc, sizeof(proc),
						 "/proc/%d/make-it-fail", pid);
					marked = !fi_write_text(proc, "1");
				}
			}
		}
		ret = waitpid(pid, &status, WNOHANG);
		if (ret == pid || (ret < 0 && errno != EINTR))
			break;
		if (mt_now_ns() > end) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		mt_sleep_ms(marked ? 50 : 1);
	}
	/* Its forked tests, when any are left. */
	kill(-pid, SIGKILL);
	soak_count(out, &all, &ok);
	unlink(out);
	if (mt_now_ns() > end)
		snprintf(how, len, "killed after %u s", secs);
	else if (WIFEXITED(status))
		snprintf(how, len, "exit %d", WEXITSTATUS(status));
	else
		snprintf(how, len, "signal %d", WTERMSIG(status));
	snprintf(how + strlen(how), len - strlen(how),
		 "%s, %u tests reported, %u passed",
		 marked ? "" : " (never marked)", all, ok);
}

TEST_F_TIMEOUT(fi, soak, 3000)
{
	const char *only = getenv("FI_ONLY"), *progs = getenv("FI_SOAK");
	char list[512], exe[PATH_MAX], path[PATH_MAX + 64], how[128], *dir;
	char *tok, *save = NULL;
	unsigned int i, secs = SOAK_S;
	ssize_t n;

	if (only && *only && !strstr(only, "soak"))
		SKIP(return, "not in FI_ONLY");
	if (!progs || !*progs)
		SKIP(return, "opt-in: set FI_SOAK (the kernel's fork path logs stack traces under random failslab)");
	if (!strcmp(progs, "1"))
		progs = NULL;
	if (getenv("FI_SOAK_S"))
		secs = (unsigned int)strtoul(getenv("FI_SOAK_S"), NULL, 10);
	snprintf(list, sizeof(list), "%s", progs ? progs : SOAK_PROGS);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	ASSERT_LT(0, n);
	exe[n] = '\0';
	dir = strrchr(exe, '/');
	ASSERT_NE(NULL, dir);
	*dir = '\0';
	for (i = 0; i < SOAK_NKNOBS; i++) {
		struct fi_knob *k = &soak_knobs[i];

		ASSERT_EQ(0, xnu_read_text(k->path, k->saved, sizeof(k->saved)));
		k->have = 1;
	}
	for (i = 0; i < SOAK_NKNOBS; i++)
		ASSERT_EQ(0, fi_write_text(soak_knobs[i].path,
					   soak_knobs[i].want));
	for (tok = strtok_r(list, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		snprintf(path, sizeof(path), "%s/%s", exe, tok);
		if (access(path, X_OK)) {
			ksft_print_msg("soak: no %s\n", path);
			continue;
		}
		soak_one(path, secs, how, sizeof(how));
		ksft_print_msg("soak: %s under failslab %s%%: %s\n", tok,
			       SOAK_PERCENT, how);
	}
	/* Probability first: nothing fails from here on. */
	for (i = SOAK_NKNOBS; i-- > 0;)
		fi_write_text(soak_knobs[i].path, soak_knobs[i].saved);
	/*
	 * A program killed half-way may leave bootstrap entries whose dead
	 * ports the registry keeps by design: the live ports are only shown
	 * (kmemleak judges leaks); no page may stay pinned.
	 */
	ksft_print_msg("soak: live ports %lld before, %lld after\n",
		       self->live, mt_ports_live_wait(self->live));
	EXPECT_EQ(self->pinned, pinned_settles_to(self->pinned));
}

/* ---- the modules the scenarios need ------------------------------------------------------------ */

static const char *const fi_mods[] = {
	CDEV_MOD, XNU_SAMPLE_RING_MODULE, SYSCTL_MOD,
};
static int fi_mod_loaded_here[3];
static pid_t fi_main_pid;

static void fi_mods_restore(void)
{
	unsigned int i;

	if (getpid() != fi_main_pid)
		return;
	for (i = 0; i < 3; i++)
		if (fi_mod_loaded_here[i])
			xnu_kmod_unload(fi_mods[i]);
}

int main(int argc, char **argv)
{
	unsigned int i;

	fi_main_pid = getpid();
	if (!getuid() && !fi_unavailable()) {
		for (i = 0; i < 3; i++) {
			if (xnu_kmod_loaded(fi_mods[i]))
				continue;
			if (!xnu_kmod_load(fi_mods[i], NULL))
				fi_mod_loaded_here[i] = 1;
			else
				ksft_print_msg("cannot load %s\n", fi_mods[i]);
		}
		atexit(fi_mods_restore);
	}
	return test_harness_run(argc, argv);
}
