/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/error.h - the structure of Mach error codes: a 6-bit system, a
 * 12-bit subsystem and a 14-bit code (err_system(), err_sub(), ...).
 */
#ifndef _XNUCROSS_MACH_ERROR_H_
#define _XNUCROSS_MACH_ERROR_H_

#include <mach/kern_return.h>

#define err_none		((mach_error_t)0)
#define ERR_SUCCESS		((mach_error_t)0)
#define ERR_ROUTINE_NIL		((mach_error_fn_t)0)

#define err_system(x)		((int)((((unsigned int)(x)) & 0x3f) << 26))
#define err_sub(x)		(((x) & 0xfff) << 14)

#define err_get_system(err)	(((err) >> 26) & 0x3f)
#define err_get_sub(err)	(((err) >> 14) & 0xfff)
#define err_get_code(err)	((err) & 0x3fff)

#define system_emask		(err_system(0x3f))
#define sub_emask		(err_sub(0xfff))
#define code_emask		(0x3fff)

/* The error systems. */
#define err_kern		err_system(0x0)	/* kernel */
#define err_us			err_system(0x1)	/* user space library */
#define err_server		err_system(0x2)	/* user space servers */
#define err_ipc			err_system(0x3)	/* old ipc errors */
#define err_mach_ipc		err_system(0x4)	/* mach-ipc errors */
#define err_dipc		err_system(0x7)	/* distributed ipc */
#define err_local		err_system(0x3e) /* user defined errors */
#define err_ipc_compat		err_system(0x3f) /* (compatibility) mach-ipc */

#define err_max_system		0x3f

/* Unix errors are lumped into one subsystem of the kernel system. */
#define unix_err(errno)		(err_kern | err_sub(3) | (errno))

typedef kern_return_t mach_error_t;
typedef mach_error_t (*mach_error_fn_t)(void);

#endif /* _XNUCROSS_MACH_ERROR_H_ */
