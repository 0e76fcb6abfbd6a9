/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlsmp.h - what the files of xlsmp share: one name of a port space as the
 * kernel's "xnu_mach" dump describes it, and the dump itself (nl.c).
 */
#ifndef XLSMP_H
#define XLSMP_H

#include <stddef.h>
#include <stdint.h>

#include "xnu_mach_genl.h"

/* One name, from one XNU_MACH_CMD_SPACE message. */
struct xlsmp_entry {
	uint32_t pid;		/* the task's thread group */
	uint32_t name;		/* mach_port_name_t */
	uint32_t type;		/* MACH_PORT_TYPE_* bits, DNREQUEST included */
	uint32_t urefs;
	uint64_t port_id;	/* 0 for port sets and dead names */
	char kotype[XNU_MACH_GENL_KOTYPE_LEN];	/* "" for none */
	uint32_t msgcount;
	uint32_t qlimit;
	uint32_t members;
	int32_t receiver_pid;	/* 0: the kernel, -1: in transit or dead */
};

/* A space as listed: entries in name index order. */
struct xlsmp_space {
	struct xlsmp_entry *entries;
	size_t count;
	size_t cap;
};

struct xlsmp_nl;

/*
 * Open a generic netlink socket and find the family. Returns 0, or -errno:
 * -ENODEV when the family is not registered (module not loaded, or one
 * without Mach IPC).
 */
int xlsmp_nl_open(struct xlsmp_nl **nlp);
void xlsmp_nl_close(struct xlsmp_nl *nl);

/*
 * List the space of process pid (0: the caller) into *space (emptied
 * first). Returns 0 or -errno: -ESRCH (no such process, or no Mach task),
 * -EPERM (not allowed to inspect it), another errno on failure. The
 * kernel's explanation, when it gave one, is copied to msg ("" if none).
 */
int xlsmp_dump(struct xlsmp_nl *nl, uint32_t pid, struct xlsmp_space *space,
	       char *msg, size_t msglen);
void xlsmp_space_free(struct xlsmp_space *space);

#endif /* XLSMP_H */
