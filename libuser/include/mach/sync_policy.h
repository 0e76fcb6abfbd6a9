/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/sync_policy.h - the wait orders of Mach synchronizers, as
 * semaphore_create() takes them, with Darwin's values. FIFO wakes the
 * oldest waiter first, LIFO the newest; FIXED_PRIORITY is refused
 * (KERN_INVALID_ARGUMENT), as XNU no longer supports it.
 */
#ifndef _XNUCROSS_MACH_SYNC_POLICY_H_
#define _XNUCROSS_MACH_SYNC_POLICY_H_

typedef int sync_policy_t;

#define SYNC_POLICY_FIFO		0x0
#define SYNC_POLICY_FIXED_PRIORITY	0x1
#define SYNC_POLICY_REVERSED		0x2
#define SYNC_POLICY_ORDER_MASK		0x3
#define SYNC_POLICY_LIFO		(SYNC_POLICY_FIFO | SYNC_POLICY_REVERSED)

#endif /* _XNUCROSS_MACH_SYNC_POLICY_H_ */
