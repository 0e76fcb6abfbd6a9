/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sys/sysctl.h - Darwin's <sys/sysctl.h> for user programs: sysctl(),
 * sysctlbyname() and sysctlnametomib() from libxnucross, with Darwin's
 * names and numbers, so a Darwin program builds unchanged with
 * -I<include dir> (pkg-config --cflags xnucross) and -lxnucross.
 *
 * The numbers shared with the kernel (CTL_*, KERN_*, HW_*, CTLTYPE_*,
 * CTLFLAG_*, the meta-OIDs) come from xnu_sysctl.h; this header adds what
 * Darwin's user header offers beside them: struct ctlname and the
 * CTL_*_NAMES initialisers, the other KERN_* and VM_* numbers, CTL_USER's
 * USER_* numbers, and the structures sysctl values are read into
 * (struct clockinfo, struct loadavg, struct xsw_usage).
 *
 * Each sysctl() and sysctlbyname() call is one ioctl on /dev/xnucross; the
 * name is resolved in the kernel and errno is the kernel's, as XNU's.
 * As Darwin's libc does, sysctl() answers CTL_USER ({8, USER_*}) in user
 * space (from confstr() and sysconf()), and {CTL_KERN, KERN_EXEC} with
 * "/"; sysctlbyname() and sysctlnametomib() know the user.* names too.
 * When the module cannot be reached, every call fails with errno set as by
 * xnucross_fd() (ENODEV when it is not loaded) and libxnucross prints once
 * why (see <libxnucross.h>).
 */
#ifndef _XNUCROSS_SYS_SYSCTL_H_
#define _XNUCROSS_SYS_SYSCTL_H_

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/time.h>

#include "xnu_sysctl.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One entry of the CTL_*_NAMES tables: a name and its CTLTYPE_*. */
struct ctlname {
	char	*ctl_name;	/* subsystem name */
	int	ctl_type;	/* type of name */
};

#define CTL_NAMES { \
	{ 0, 0 }, \
	{ "kern", CTLTYPE_NODE }, \
	{ "vm", CTLTYPE_NODE }, \
	{ "vfs", CTLTYPE_NODE }, \
	{ "net", CTLTYPE_NODE }, \
	{ "debug", CTLTYPE_NODE }, \
	{ "hw", CTLTYPE_NODE }, \
	{ "machdep", CTLTYPE_NODE }, \
	{ "user", CTLTYPE_NODE }, \
}

/* CTL_KERN identifiers after KERN_BOOTTIME (Darwin's numbers). */
#define KERN_NISDOMAINNAME	22	/* string: YP domain name */
#define KERN_DOMAINNAME		KERN_NISDOMAINNAME
#define KERN_MAXPARTITIONS	23	/* int: number of partitions/disk */
#define KERN_KDEBUG		24	/* int: kernel trace points */
#define KERN_UPDATEINTERVAL	25	/* int: update process sleep time */
#define KERN_OSRELDATE		26	/* int: OS release date */
#define KERN_NTP_PLL		27	/* node: NTP PLL control */
#define KERN_BOOTFILE		28	/* string: name of booted kernel */
#define KERN_MAXFILESPERPROC	29	/* int: max open files per proc */
#define KERN_MAXPROCPERUID	30	/* int: max processes per uid */
#define KERN_DUMPDEV		31	/* dev_t: device to dump on */
#define KERN_IPC		32	/* node: anything related to IPC */
#define KERN_DUMMY		33	/* unused */
#define KERN_PS_STRINGS		34	/* int: address of PS_STRINGS */
#define KERN_USRSTACK32		35	/* int: address of USRSTACK */
#define KERN_LOGSIGEXIT		36	/* int: do we log sigexit procs? */
#define KERN_SYMFILE		37	/* string: kernel symbol filename */
#define KERN_PROCARGS		38
/* 39 was KERN_PCSAMPLES */
#define KERN_NETBOOT		40	/* int: are we netbooted? 1=yes,0=no */
/* 41 was KERN_PANICINFO */
#define KERN_SYSV		42	/* node: System V IPC information */
#define KERN_AFFINITY		43
#define KERN_TRANSLATE		44
#define KERN_CLASSIC		KERN_TRANSLATE
#define KERN_EXEC		45
#define KERN_CLASSICHANDLER	KERN_EXEC
#define KERN_AIOMAX		46	/* int: max aio requests */
#define KERN_AIOPROCMAX		47	/* int: max aio requests per process */
#define KERN_AIOTHREADS		48	/* int: max aio worker threads */
#define KERN_PROCARGS2		49
#define KERN_COREFILE		50	/* string: corefile format string */
#define KERN_COREDUMP		51	/* int: whether to coredump at all */
#define KERN_SUGID_COREDUMP	52	/* int: whether to dump SUGID cores */
#define KERN_PROCDELAYTERM	53	/* int: delayed termination at shutdown */
#define KERN_SHREG_PRIVATIZABLE	54	/* int: can shared regions be private */
/* 55 was KERN_PROC_LOW_PRI_IO */
#define KERN_LOW_PRI_WINDOW	56	/* int: throttle window, ms */
#define KERN_LOW_PRI_DELAY	57	/* int: throttle delay, ms */
#define KERN_POSIX		58	/* node: posix tunables */
#define KERN_USRSTACK64		59	/* LP64 user stack query */
#define KERN_NX_PROTECTION	60	/* int: no-execute protection enabled */
#define KERN_TFP		61	/* task for pid settings */
#define KERN_PROCNAME		62	/* process program name */
#define KERN_THALTSTACK		63	/* does nothing */
#define KERN_SPECULATIVE_READS	64	/* int: speculative reads disabled */
#define KERN_OSVERSION		65	/* string: build number */
#define KERN_SAFEBOOT		66	/* int: booted safe? */
/* 67 was KERN_LCTX */
#define KERN_RAGEVNODE		68
#define KERN_TTY		69	/* node: tty settings */
#define KERN_CHECKOPENEVT	70	/* check the VOPENEVT flag at open */
#define KERN_THREADNAME		71	/* set/get thread name */
#define KERN_MAXID		72	/* number of valid kern ids */

#if defined(__LP64__)
#define KERN_USRSTACK		KERN_USRSTACK64
#else
#define KERN_USRSTACK		KERN_USRSTACK32
#endif

/* KERN_PROC subtypes. */
#define KERN_PROC_ALL		0	/* everything */
#define KERN_PROC_PID		1	/* by process id */
#define KERN_PROC_PGRP		2	/* by process group id */
#define KERN_PROC_SESSION	3	/* by session of pid */
#define KERN_PROC_TTY		4	/* by controlling tty */
#define KERN_PROC_UID		5	/* by effective uid */
#define KERN_PROC_RUID		6	/* by real uid */
#define KERN_PROC_LCID		7	/* by login context id */

#define CTL_KERN_NAMES { \
	{ 0, 0 }, \
	{ "ostype", CTLTYPE_STRING }, \
	{ "osrelease", CTLTYPE_STRING }, \
	{ "osrevision", CTLTYPE_INT }, \
	{ "version", CTLTYPE_STRING }, \
	{ "maxvnodes", CTLTYPE_INT }, \
	{ "maxproc", CTLTYPE_INT }, \
	{ "maxfiles", CTLTYPE_INT }, \
	{ "argmax", CTLTYPE_INT }, \
	{ "securelevel", CTLTYPE_INT }, \
	{ "hostname", CTLTYPE_STRING }, \
	{ "hostid", CTLTYPE_INT }, \
	{ "clockrate", CTLTYPE_STRUCT }, \
	{ "vnode", CTLTYPE_STRUCT }, \
	{ "proc", CTLTYPE_STRUCT }, \
	{ "file", CTLTYPE_STRUCT }, \
	{ "profiling", CTLTYPE_NODE }, \
	{ "posix1version", CTLTYPE_INT }, \
	{ "ngroups", CTLTYPE_INT }, \
	{ "job_control", CTLTYPE_INT }, \
	{ "saved_ids", CTLTYPE_INT }, \
	{ "boottime", CTLTYPE_STRUCT }, \
	{ "nisdomainname", CTLTYPE_STRING }, \
	{ "maxpartitions", CTLTYPE_INT }, \
	{ "kdebug", CTLTYPE_INT }, \
	{ "update", CTLTYPE_INT }, \
	{ "osreldate", CTLTYPE_INT }, \
	{ "ntp_pll", CTLTYPE_NODE }, \
	{ "bootfile", CTLTYPE_STRING }, \
	{ "maxfilesperproc", CTLTYPE_INT }, \
	{ "maxprocperuid", CTLTYPE_INT }, \
	{ "dumpdev", CTLTYPE_STRUCT }, \
	{ "ipc", CTLTYPE_NODE }, \
	{ "dummy", CTLTYPE_INT }, \
	{ "dummy", CTLTYPE_INT }, \
	{ "usrstack", CTLTYPE_INT }, \
	{ "logsigexit", CTLTYPE_INT }, \
	{ "symfile", CTLTYPE_STRING }, \
	{ "procargs", CTLTYPE_STRUCT }, \
	{ "dummy", CTLTYPE_INT }, \
	{ "netboot", CTLTYPE_INT }, \
	{ "dummy", CTLTYPE_INT }, \
	{ "sysv", CTLTYPE_NODE }, \
	{ "dummy", CTLTYPE_INT }, \
	{ "dummy", CTLTYPE_INT }, \
	{ "exec", CTLTYPE_NODE }, \
	{ "aiomax", CTLTYPE_INT }, \
	{ "aioprocmax", CTLTYPE_INT }, \
	{ "aiothreads", CTLTYPE_INT }, \
	{ "procargs2", CTLTYPE_STRUCT }, \
	{ "corefile", CTLTYPE_STRING }, \
	{ "coredump", CTLTYPE_INT }, \
	{ "sugid_coredump", CTLTYPE_INT }, \
	{ "delayterm", CTLTYPE_INT }, \
	{ "shreg_private", CTLTYPE_INT }, \
	{ "proc_low_pri_io", CTLTYPE_INT }, \
	{ "low_pri_window", CTLTYPE_INT }, \
	{ "low_pri_delay", CTLTYPE_INT }, \
	{ "posix", CTLTYPE_NODE }, \
	{ "usrstack64", CTLTYPE_QUAD }, \
	{ "nx", CTLTYPE_INT }, \
	{ "tfp", CTLTYPE_NODE }, \
	{ "procname", CTLTYPE_STRING }, \
	{ "threadsigaltstack", CTLTYPE_INT }, \
	{ "speculative_reads_disabled", CTLTYPE_INT }, \
	{ "osversion", CTLTYPE_STRING }, \
	{ "safeboot", CTLTYPE_INT }, \
	{ "dummy", CTLTYPE_INT }, \
	{ "rage_vnode", CTLTYPE_INT }, \
	{ "tty", CTLTYPE_NODE }, \
	{ "check_openevt", CTLTYPE_INT }, \
	{ "thread_name", CTLTYPE_STRING } \
}

#define CTL_VFS_NAMES { \
	{ "vfsconf", CTLTYPE_STRUCT } \
}

/* KERN_IPC identifiers. */
#define KIPC_MAXSOCKBUF		1	/* int: max size of a socket buffer */
#define KIPC_SOCKBUF_WASTE	2	/* int: wastage factor in sockbuf */
#define KIPC_SOMAXCONN		3	/* int: max length of connection q */
#define KIPC_MAX_LINKHDR	4	/* int: max length of link header */
#define KIPC_MAX_PROTOHDR	5	/* int: max length of network header */
#define KIPC_MAX_HDR		6	/* int: max total length of headers */
#define KIPC_MAX_DATALEN	7	/* int: max length of data? */
#define KIPC_MBSTAT		8	/* struct: mbuf usage statistics */
#define KIPC_NMBCLUSTERS	9	/* int: maximum mbuf clusters */
#define KIPC_SOQLIMITCOMPAT	10	/* int: socket queue limit */

/* CTL_VM identifiers. */
#define VM_METER		1	/* struct vmmeter */
#define VM_LOADAVG		2	/* struct loadavg */
/* 3 is unused */
#define VM_MACHFACTOR		4	/* struct loadavg with mach factor */
#define VM_SWAPUSAGE		5	/* total swap usage */
#define VM_MAXID		6	/* number of valid vm ids */

#define CTL_VM_NAMES { \
	{ 0, 0 }, \
	{ "vmmeter", CTLTYPE_STRUCT }, \
	{ "loadavg", CTLTYPE_STRUCT }, \
	{ 0, 0 }, \
	{ "dummy", CTLTYPE_INT }, \
	{ "swapusage", CTLTYPE_STRUCT } \
}

#define CTL_HW_NAMES { \
	{ 0, 0 }, \
	{ "machine", CTLTYPE_STRING }, \
	{ "model", CTLTYPE_STRING }, \
	{ "ncpu", CTLTYPE_INT }, \
	{ "byteorder", CTLTYPE_INT }, \
	{ "physmem", CTLTYPE_INT }, \
	{ "usermem", CTLTYPE_INT }, \
	{ "pagesize", CTLTYPE_INT }, \
	{ "disknames", CTLTYPE_STRUCT }, \
	{ "diskstats", CTLTYPE_STRUCT }, \
	{ "epoch", CTLTYPE_INT }, \
	{ "floatingpoint", CTLTYPE_INT }, \
	{ "machinearch", CTLTYPE_STRING }, \
	{ "vectorunit", CTLTYPE_INT }, \
	{ "busfrequency", CTLTYPE_INT }, \
	{ "cpufrequency", CTLTYPE_INT }, \
	{ "cachelinesize", CTLTYPE_INT }, \
	{ "l1icachesize", CTLTYPE_INT }, \
	{ "l1dcachesize", CTLTYPE_INT }, \
	{ "l2settings", CTLTYPE_INT }, \
	{ "l2cachesize", CTLTYPE_INT }, \
	{ "l3settings", CTLTYPE_INT }, \
	{ "l3cachesize", CTLTYPE_INT }, \
	{ "tbfrequency", CTLTYPE_INT }, \
	{ "memsize", CTLTYPE_QUAD }, \
	{ "availcpu", CTLTYPE_INT }, \
	{ "target", CTLTYPE_STRING }, \
	{ "product", CTLTYPE_STRING }, \
}

/* CTL_USER identifiers: answered by the library, never by the kernel. */
#define USER_CS_PATH		1	/* string: _CS_PATH */
#define USER_BC_BASE_MAX	2	/* int: BC_BASE_MAX */
#define USER_BC_DIM_MAX		3	/* int: BC_DIM_MAX */
#define USER_BC_SCALE_MAX	4	/* int: BC_SCALE_MAX */
#define USER_BC_STRING_MAX	5	/* int: BC_STRING_MAX */
#define USER_COLL_WEIGHTS_MAX	6	/* int: COLL_WEIGHTS_MAX */
#define USER_EXPR_NEST_MAX	7	/* int: EXPR_NEST_MAX */
#define USER_LINE_MAX		8	/* int: LINE_MAX */
#define USER_RE_DUP_MAX		9	/* int: RE_DUP_MAX */
#define USER_POSIX2_VERSION	10	/* int: POSIX2_VERSION */
#define USER_POSIX2_C_BIND	11	/* int: POSIX2_C_BIND */
#define USER_POSIX2_C_DEV	12	/* int: POSIX2_C_DEV */
#define USER_POSIX2_CHAR_TERM	13	/* int: POSIX2_CHAR_TERM */
#define USER_POSIX2_FORT_DEV	14	/* int: POSIX2_FORT_DEV */
#define USER_POSIX2_FORT_RUN	15	/* int: POSIX2_FORT_RUN */
#define USER_POSIX2_LOCALEDEF	16	/* int: POSIX2_LOCALEDEF */
#define USER_POSIX2_SW_DEV	17	/* int: POSIX2_SW_DEV */
#define USER_POSIX2_UPE		18	/* int: POSIX2_UPE */
#define USER_STREAM_MAX		19	/* int: POSIX2_STREAM_MAX */
#define USER_TZNAME_MAX		20	/* int: POSIX2_TZNAME_MAX */
#define USER_MAXID		21	/* number of valid user ids */

#define CTL_USER_NAMES { \
	{ 0, 0 }, \
	{ "cs_path", CTLTYPE_STRING }, \
	{ "bc_base_max", CTLTYPE_INT }, \
	{ "bc_dim_max", CTLTYPE_INT }, \
	{ "bc_scale_max", CTLTYPE_INT }, \
	{ "bc_string_max", CTLTYPE_INT }, \
	{ "coll_weights_max", CTLTYPE_INT }, \
	{ "expr_nest_max", CTLTYPE_INT }, \
	{ "line_max", CTLTYPE_INT }, \
	{ "re_dup_max", CTLTYPE_INT }, \
	{ "posix2_version", CTLTYPE_INT }, \
	{ "posix2_c_bind", CTLTYPE_INT }, \
	{ "posix2_c_dev", CTLTYPE_INT }, \
	{ "posix2_char_term", CTLTYPE_INT }, \
	{ "posix2_fort_dev", CTLTYPE_INT }, \
	{ "posix2_fort_run", CTLTYPE_INT }, \
	{ "posix2_localedef", CTLTYPE_INT }, \
	{ "posix2_sw_dev", CTLTYPE_INT }, \
	{ "posix2_upe", CTLTYPE_INT }, \
	{ "stream_max", CTLTYPE_INT }, \
	{ "tzname_max", CTLTYPE_INT } \
}

/* CTL_DEBUG: the second level names the variable, the third its part. */
#define CTL_DEBUG_NAME		0	/* string: variable name */
#define CTL_DEBUG_VALUE		1	/* int: variable value */
#define CTL_DEBUG_MAXID		20

/* Values of "S,clockinfo" OIDs (kern.clockrate); Darwin's <sys/time.h>. */
struct clockinfo {
	int	hz;		/* clock frequency */
	int	tick;		/* micro-seconds per hz tick */
	int	tickadj;	/* clock skew rate for adjtime() */
	int	stathz;		/* statistics clock frequency */
	int	profhz;		/* profiling clock frequency */
};

/* Values of "S,loadavg" OIDs (vm.loadavg): ldavg[i] / fscale. */
typedef uint32_t fixpt_t;
struct loadavg {
	fixpt_t	ldavg[3];
	long	fscale;
};
#define LSCALE			1000	/* scaling for "fixed point" values */

/* Values of "S,xsw_usage" OIDs (vm.swapusage). */
struct xsw_usage {
	uint64_t	xsu_total;
	uint64_t	xsu_avail;
	uint64_t	xsu_used;
	uint32_t	xsu_pagesize;
	int		xsu_encrypted;	/* Darwin's boolean_t */
};

/*
 * Read and/or write the value of the MIB name[0..namelen-1]: the old value
 * into oldp (*oldlenp bytes available, set to the bytes returned; oldp NULL
 * asks for the size), the new value from newp (newlen bytes; 0 means no
 * write). 0, or -1 with errno set.
 */
int sysctl(int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
	   void *newp, size_t newlen);

/* sysctl() by dotted name ("kern.ostype"), resolved in the same call. */
int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp,
		 size_t newlen);

/*
 * The MIB of a dotted name into mibp; *sizep is mibp's size in elements on
 * entry and the MIB's length on return. 0, or -1 with errno set (ENOMEM
 * when mibp is too small).
 */
int sysctlnametomib(const char *name, int *mibp, size_t *sizep);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_SYS_SYSCTL_H_ */
