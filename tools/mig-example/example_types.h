/* SPDX-License-Identifier: GPL-2.0 */
/*
 * example_types.h - the C types example.defs names (its import): what the
 * generated stubs, the server's routines and the callers share.
 */
#ifndef XNU_MIG_EXAMPLE_TYPES_H
#define XNU_MIG_EXAMPLE_TYPES_H

/* c_string[*:64]: a NUL-terminated string of at most 63 characters. */
typedef char example_name_t[64];
/* array[*:16] of int. */
typedef int example_ints_t[16];

/* The name the example server checks in with bootstrap_check_in(). */
#define EXAMPLE_SERVICE		"org.xnucross.example"
/* The name the counter sample kext publishes. */
#define COUNTER_SERVICE		"org.xnucross.sample.counter"

#endif /* XNU_MIG_EXAMPLE_TYPES_H */
