/* SPDX-License-Identifier: GPL-2.0 */
/*
 * counter_kern.h - what the sample counter kext's generated MIG server
 * names (counter.defs imports it): the type a counter port translates to
 * and the translation (the .defs's intran).
 */
#ifndef _XNU_SAMPLE_COUNTER_KERN_H
#define _XNU_SAMPLE_COUNTER_KERN_H

#include <xnucross/kobject.h>

struct counter;
typedef struct counter *counter_ref_t;

counter_ref_t convert_port_to_counter(ipc_port_t port);

#endif /* _XNU_SAMPLE_COUNTER_KERN_H */
