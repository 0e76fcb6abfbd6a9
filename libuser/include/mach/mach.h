/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mach.h - Darwin's Mach user API from libxnucross: ports and rights
 * (<mach/mach_port.h>), mach_msg() (<mach/message.h>), task special ports
 * (<mach/task.h>), vm allocation (<mach/vm_map.h>, <mach/mach_vm.h>), MIG
 * support (<mach/mig.h>, <mach/mig_errors.h>, <mach/ndr.h>), notifications
 * (<mach/notify.h>), semaphores (<mach/semaphore.h>) and error strings
 * (<mach/mach_error.h>), with Darwin's
 * names, numbers and prototypes, so a Darwin program builds unchanged with
 * -I<include dir> (pkg-config --cflags xnucross) and -lxnucross.
 *
 * Every Mach call crosses into the xnucross module once (an ioctl on
 * /dev/xnucross, see xnu_mach_traps.h); the names, rights, messages and
 * return codes are the module's, which follows XNU. Differences from
 * Darwin: mach_task_self() is a function that crosses (see
 * <mach/mach_init.h>); vm_allocate() and friends only reach the caller's
 * own memory (<mach/mach_vm.h>); when the module cannot be reached calls
 * fail (mach_msg() with MACH_SEND_INVALID_DEST or MACH_RCV_INVALID_NAME,
 * the others with KERN_FAILURE) and libxnucross says why once on stderr
 * (see <libxnucross.h>). A forked child starts with a fresh port space in
 * which it holds the bootstrap, special and registered ports its parent
 * had; the library forgets the names it cached for the parent.
 *
 * Declared below, besides what the other <mach/...> headers declare:
 * mach_msg_destroy(), which releases the rights and out-of-line memory a
 * message carries (the reply port, port descriptors, out-of-line port
 * arrays, out-of-line memory marked deallocate), mach_msg_send() and
 * mach_msg_receive(), and mach_msg_server() and mach_msg_server_once(),
 * Darwin's generic MIG server loops.
 */
#ifndef _XNUCROSS_MACH_MACH_H_
#define _XNUCROSS_MACH_MACH_H_

#ifndef __MACH30__
#define __MACH30__
#endif
#define MACH_IPC_FLAVOR		UNTYPED

#include <mach/std_types.h>
#include <mach/mach_types.h>
#include <mach/mach_interface.h>
#include <mach/thread_act.h>
#include <mach/mach_port.h>
#include <mach/mach_init.h>
#include <mach/semaphore.h>
#include <mach/mig.h>
#include <mach/mig_errors.h>
#include <mach/mach_error.h>
#include <mach/notify.h>
#include <mach/ndr.h>

#ifdef __cplusplus
extern "C" {
#endif

void mig_reply_setup(mach_msg_header_t *request, mach_msg_header_t *reply);

void mach_msg_destroy(mach_msg_header_t *msg);

mach_msg_return_t mach_msg_receive(mach_msg_header_t *msg);
mach_msg_return_t mach_msg_send(mach_msg_header_t *msg);

mach_msg_return_t mach_msg_server_once(boolean_t (*demux)(mach_msg_header_t *,
							  mach_msg_header_t *),
				       mach_msg_size_t max_size,
				       mach_port_t rcv_name,
				       mach_msg_options_t options);
mach_msg_return_t mach_msg_server(boolean_t (*demux)(mach_msg_header_t *,
						     mach_msg_header_t *),
				  mach_msg_size_t max_size,
				  mach_port_t rcv_name,
				  mach_msg_options_t options);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_MACH_H_ */
