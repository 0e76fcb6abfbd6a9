// SPDX-License-Identifier: GPL-2.0
/*
 * loopback_routines.c - the hand-written server routines of features.defs (and
 * options.defs) for the
 * loopback test: each computes something the test can check on the other
 * side of the generated user stub, user-space server and fake kernel.
 */
#include <string.h>
#include <ctype.h>

#include "fake_mach.h"
#include "xmtestServer.h"
#include "optionsServer.h"

int lb_notified;
int lb_vals_extra;		/* xm_countinout returns this many more */
mach_msg_type_name_t lb_poly_seen;

kern_return_t srv_xm_add(mach_port_t server, int a, int b, int *sum)
{
	if (a < 0)
		return KERN_INVALID_ARGUMENT;
	*sum = a + b;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_notify(mach_port_t server, int value)
{
	lb_notified = value;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_strings(mach_port_t server, name_t name, vname_t vname,
			     name_t oname, vname_t ovname)
{
	size_t i;

	for (i = 0; i < sizeof(name_t); i++)
		oname[i] = (char)toupper((unsigned char)name[i]);
	snprintf(ovname, sizeof(vname_t), "%s!", vname);
	return KERN_SUCCESS;
}

kern_return_t srv_xm_arrays(mach_port_t server, int_array_t ints,
			    mach_msg_type_number_t intsCnt,
			    short_array_t shorts,
			    mach_msg_type_number_t shortsCnt, int tail,
			    int_array_t oints, mach_msg_type_number_t *ointsCnt,
			    byte_array_t obytes,
			    mach_msg_type_number_t *obytesCnt, int *otail)
{
	mach_msg_type_number_t i;
	int sum = 0;

	if (*ointsCnt != 8 || *obytesCnt != 7)
		return KERN_FAILURE;
	for (i = 0; i < intsCnt; i++)
		oints[i] = ints[intsCnt - 1 - i];
	*ointsCnt = intsCnt;
	for (i = 0; i < shortsCnt; i++)
		sum += shorts[i];
	memcpy(obytes, "abcde", 5);
	*obytesCnt = 5;
	*otail = tail * 2 + sum;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_countinout(mach_port_t server, int_array_t vals,
				mach_msg_type_number_t *valsCnt, int *cookie)
{
	mach_msg_type_number_t i;

	*valsCnt += (mach_msg_type_number_t)lb_vals_extra;
	for (i = 0; i < *valsCnt; i++)
		vals[i] = (int)i * 11;
	*cookie = -*cookie;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_ports(mach_port_t server, mach_port_t give,
			   mach_port_t poly, mach_msg_type_name_t polyPoly,
			   mach_port_t *back, mach_port_t *opoly,
			   mach_msg_type_name_t *opolyPoly)
{
	lb_poly_seen = polyPoly;
	*back = give + 0x1000;
	*opoly = poly + 0x2000;
	*opolyPoly = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_ool(mach_port_t server, vm_offset_t data,
			 mach_msg_type_number_t dataCnt, ool_ints_t ints,
			 mach_msg_type_number_t intsCnt, vm_offset_t *odata,
			 mach_msg_type_number_t *odataCnt, ool_ints_t *oints,
			 mach_msg_type_number_t *ointsCnt)
{
	const char *in = (const char *)data;
	char *out = malloc(dataCnt);
	mach_msg_type_number_t i;
	static int o[2];	/* not Dealloc: the server keeps it */

	for (i = 0; i < dataCnt; i++)
		out[i] = in[dataCnt - 1 - i];
	free((void *)data);		/* the routine owns what it got */
	o[0] = (int)intsCnt;
	o[1] = 0;
	for (i = 0; i < intsCnt; i++)
		o[1] += ints[i];
	*odata = (vm_offset_t)out;
	*odataCnt = dataCnt;
	*oints = o;
	*ointsCnt = 2;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_oolports(mach_port_t server, mach_port_array_t ports,
			      mach_msg_type_number_t portsCnt,
			      mach_port_array_t *oports,
			      mach_msg_type_number_t *oportsCnt,
			      boolean_t *oportsDealloc)
{
	mach_port_t *o = malloc(2 * sizeof(*o));

	o[0] = portsCnt;
	o[1] = ports[portsCnt - 1];
	*oports = o;
	*oportsCnt = 2;
	*oportsDealloc = TRUE;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_audit(mach_port_t server, audit_token_t atoken, int *pid)
{
	*pid = (int)atoken.val[5];
	return KERN_SUCCESS;
}

kern_return_t srv_xm_same(mach_port_t server, int_array_t a1,
			  mach_msg_type_number_t a1Cnt, int_array_t a2, int *sum)
{
	mach_msg_type_number_t i;

	*sum = 0;
	for (i = 0; i < a1Cnt; i++)
		*sum += a1[i] * a2[i];
	return KERN_SUCCESS;
}

kern_return_t srv_xm_fixed(mach_port_t server, fixed4_t f, pair_t p,
			   fixed4_t ofixed, pair_t *op, pair_t *io)
{
	int i;

	for (i = 0; i < 4; i++)
		ofixed[i] = f[i] * 2;
	op->first = p.second;
	op->second = p.first;
	io->first++;
	io->second++;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_wait(mach_port_t server, int *x)
{
	*x = 99;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_wide(mach_port_t server, int64_t a, uint64_t *b,
			  int64_t *c)
{
	*b = (uint64_t)a * 2;
	*c = -*c;
	return KERN_SUCCESS;
}

/* options.defs */

mach_port_t lb_reply_seen;
char lb_oneway_seen[16];

kern_return_t s_o_reply(int x, mach_port_t port, mach_port_t reply, int *y)
{
	lb_reply_seen = reply;
	*y = x + (int)port;
	return KERN_SUCCESS;
}

kern_return_t s_o_oneway(mach_port_t port, name_t s)
{
	memcpy(lb_oneway_seen, s, sizeof(lb_oneway_seen));
	return KERN_SUCCESS;
}

kern_return_t s_o_nowait(mach_port_t port, int *z)
{
	*z = 6;
	return KERN_SUCCESS;
}
