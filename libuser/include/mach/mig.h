/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mig.h - what MIG-generated client and server code uses: the
 * subsystem and routine descriptor types, the per-thread reply port
 * (mig_get_reply_port(), made on first use with mach_reply_port() and
 * destroyed when the thread exits; a forked child gets a new one) and
 * MIG's string and out-of-line memory helpers.
 */
#ifndef _XNUCROSS_MACH_MIG_H_
#define _XNUCROSS_MACH_MIG_H_

#include <stdint.h>

#include <mach/message.h>
#include <mach/port.h>
#include <mach/vm_types.h>

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(__MigTypeCheck)
#if defined(TypeCheck)
#define __MigTypeCheck		TypeCheck
#else
#define __MigTypeCheck		1
#endif
#endif

#define __MigPackStructs	1

typedef void (*mig_stub_routine_t)(mach_msg_header_t *InHeadP,
				   mach_msg_header_t *OutHeadP);
typedef mig_stub_routine_t mig_routine_t;
typedef mig_routine_t (*mig_server_routine_t)(mach_msg_header_t *InHeadP);
typedef kern_return_t (*mig_impl_routine_t)(void);

typedef mach_msg_type_descriptor_t routine_arg_descriptor;
typedef mach_msg_type_descriptor_t *routine_arg_descriptor_t;
typedef mach_msg_type_descriptor_t *mig_routine_arg_descriptor_t;

#define MIG_ROUTINE_ARG_DESCRIPTOR_NULL	((mig_routine_arg_descriptor_t)0)

struct routine_descriptor {
	mig_impl_routine_t impl_routine;	/* server work function */
	mig_stub_routine_t stub_routine;	/* unmarshalling function */
	unsigned int argc;			/* argument words */
	unsigned int descr_count;		/* complex descriptors */
	routine_arg_descriptor_t arg_descr;	/* descriptor array */
	unsigned int max_reply_msg;		/* largest reply */
};

typedef struct routine_descriptor *routine_descriptor_t;
typedef struct routine_descriptor mig_routine_descriptor;
typedef mig_routine_descriptor *mig_routine_descriptor_t;

#define MIG_ROUTINE_DESCRIPTOR_NULL	((mig_routine_descriptor_t)0)

typedef struct mig_subsystem {
	mig_server_routine_t server;	/* demux routine */
	mach_msg_id_t start;		/* first routine id */
	mach_msg_id_t end;		/* last routine id + 1 */
	mach_msg_size_t maxsize;	/* largest reply */
	vm_address_t reserved;
	mig_routine_descriptor routine[1];
} *mig_subsystem_t;

#define MIG_SUBSYSTEM_NULL		((mig_subsystem_t)0)

typedef struct mig_symtab {
	char *ms_routine_name;
	int ms_routine_number;
	void (*ms_routine)(void);
} mig_symtab_t;

#define MIG_SERVER_ROUTINE

mach_port_t mig_get_reply_port(void);
void mig_dealloc_reply_port(mach_port_t reply_port);
void mig_put_reply_port(mach_port_t reply_port);

int mig_strncpy(char *dest, const char *src, int len);
int mig_strncpy_zerofill(char *dest, const char *src, int len);

void mig_allocate(vm_address_t *addr, vm_size_t size);
void mig_deallocate(vm_address_t addr, vm_size_t size);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_MIG_H_ */
