// SPDX-License-Identifier: GPL-2.0
/*
 * builtin_hw.c - the built-in hw.* leaves, with XNU's numbers, kinds,
 * formats and flags (bsd/kern/kern_mib.c), values read from Linux at
 * request time.
 *
 * As in current XNU, hw.pagesize, hw.busfrequency, hw.cpufrequency and
 * hw.cachelinesize are 64-bit quads with OID_AUTO numbers, found by name;
 * the fixed numbers HW_PAGESIZE (7), HW_BUS_FREQ (14), HW_CPU_FREQ (15) and
 * HW_CACHELINE (16) belong to int-sized *_compat leaves (CTLFLAG_MASKED,
 * so hidden from listings), which is what sysctl({CTL_HW, HW_BUS_FREQ})
 * with a 4-byte buffer reads. hw.machine, hw.model and hw.physmem are
 * masked in XNU too.
 */
#include <linux/cache.h>
#include <linux/cpufreq.h>
#include <linux/cpumask.h>
#include <linux/dmi.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/utsname.h>
#ifdef CONFIG_X86
#include <asm/processor.h>
#include <asm/tsc.h>
#endif

#include "sysctl_internal.h"
#include "builtin.h"

/* In arg2 with a HW_* number: the quad-sized variant (XNU's CTLHW_RETQUAD). */
#define XNU_HW_RETQUAD		0x40000000

/*
 * XNU's bus frequency when EFI does not report one (osfmk/i386/tsc.c,
 * BASE_NHM_CLOCK_SOURCE): Linux has no notion of a front-side bus.
 */
#define XNU_HW_BUS_FREQ_DEFAULT	133333333ULL

/* XNU pins hw.physmem (a 32-bit mem_size) to 2 GiB on x86. */
#define XNU_HW_PHYSMEM_MAX	SZ_2G

/*
 * hw.busfrequency: on x86, CPUID leaf 0x16 (Intel) reports the bus
 * (reference) clock in MHz, the 100 MHz BCLK Darwin shows on recent Macs.
 * Without it (AMD, or a hypervisor that hides the leaf), XNU's own default
 * for a missing EFI FSBFrequency, 133333333 Hz. Elsewhere there is no bus
 * clock to report, and XNU on arm64 answers ENOENT.
 */
static int xnu_hw_bus_freq(u64 *hz)
{
#ifdef CONFIG_X86
	u32 mhz = 0;

	if (boot_cpu_data.x86_vendor == X86_VENDOR_INTEL &&
	    boot_cpu_data.cpuid_level >= 0x16)
		mhz = cpuid_ecx(0x16) & 0xffff;
	*hz = mhz ? (u64)mhz * 1000000 : XNU_HW_BUS_FREQ_DEFAULT;
	return 0;
#else
	return -ENOENT;
#endif
}

/*
 * hw.cpufrequency: XNU on x86 reports the nominal TSC frequency; Linux's
 * calibrated tsc_khz (or cpu_khz without a usable TSC) is the same
 * quantity. Elsewhere, cpufreq's maximum for CPU 0; none: ENOENT, as XNU
 * on arm64.
 */
static int xnu_hw_cpu_freq(u64 *hz)
{
	unsigned int khz;

#ifdef CONFIG_X86
	khz = tsc_khz ? tsc_khz : cpu_khz;
#else
	khz = cpufreq_quick_get_max(0);
#endif
	if (!khz)
		return -ENOENT;
	*hz = (u64)khz * 1000;
	return 0;
}

/* Installed RAM as Linux manages it (MemTotal in /proc/meminfo). */
static u64 xnu_hw_memsize(void)
{
	return (u64)totalram_pages() << PAGE_SHIFT;
}

static int xnu_hw_string SYSCTL_HANDLER_ARGS
{
	const char *s;

	if (arg2 == HW_MACHINE) {
		/* The caller's "uname -m": "x86_64", as Darwin on Intel. */
		s = utsname()->machine;
	} else {
		/*
		 * The SMBIOS product name, which is Darwin's hw.model on a
		 * Mac ("MacBookPro16,1"); without one, EINVAL, as XNU when
		 * the platform expert has no model name.
		 */
		s = dmi_get_system_info(DMI_PRODUCT_NAME);
		if (!s || !*s)
			return -EINVAL;
	}
	return SYSCTL_OUT(req, s, strlen(s) + 1);
}

/*
 * The numeric hw leaves, keyed by arg2 as XNU's sysctl_hw_generic() is.
 * Each transfers its value the way XNU's handler for it does: a plain
 * SYSCTL_OUT of an int or a quad, or sysctl_io_number() / the standard
 * handlers where XNU uses those (and so 4<->8-byte conversion).
 */
static int xnu_hw_generic SYSCTL_HANDLER_ARGS
{
	bool quad = arg2 & XNU_HW_RETQUAD;
	u64 qval;
	u32 val;
	int error;

	switch (arg2 & ~XNU_HW_RETQUAD) {
	case HW_NCPU:
		/* CPUs in the machine (XNU: max_cpus). */
		val = num_present_cpus();
		return SYSCTL_OUT(req, &val, sizeof(val));
	case HW_AVAILCPU:
		/* CPUs online now (XNU: avail_cpus). */
		val = num_online_cpus();
		return SYSCTL_OUT(req, &val, sizeof(val));
	case HW_PAGESIZE:
		if (quad)
			return sysctl_io_number(req, PAGE_SIZE,
						sizeof(long long), NULL, NULL);
		val = PAGE_SIZE;
		return SYSCTL_OUT(req, &val, sizeof(val));
	case HW_CACHELINE:
		qval = cache_line_size();
		break;
	case HW_BUS_FREQ:
		error = xnu_hw_bus_freq(&qval);
		if (error)
			return error;
		break;
	case HW_CPU_FREQ:
		error = xnu_hw_cpu_freq(&qval);
		if (error)
			return error;
		break;
	case HW_MEMSIZE:
		qval = xnu_hw_memsize();
		return sysctl_handle_quad(oidp, &qval, 0, req);
	case HW_PHYSMEM:
		/* An unsigned int, at most 2 GiB, as on XNU x86. */
		val = min_t(u64, xnu_hw_memsize(), XNU_HW_PHYSMEM_MAX);
		return sysctl_handle_int(oidp, &val, 0, req);
	default:
		return -EOPNOTSUPP;
	}
	if (quad)
		return SYSCTL_OUT(req, &qval, sizeof(qval));
	/* The *_compat ints: the low 32 bits, as XNU's *_clock_rate_hz. */
	val = (u32)qval;
	return SYSCTL_OUT(req, &val, sizeof(val));
}

/* ---- the leaves, in XNU's order ---- */

SYSCTL_PROC(_hw, HW_NCPU, ncpu,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, HW_NCPU, xnu_hw_generic, "I", "");
SYSCTL_PROC(_hw, HW_AVAILCPU, activecpu,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, HW_AVAILCPU, xnu_hw_generic, "I", "");

#ifdef __LITTLE_ENDIAN
#define XNU_BYTE_ORDER	1234
#else
#define XNU_BYTE_ORDER	4321
#endif
SYSCTL_INT(_hw, HW_BYTEORDER, byteorder,
	   CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	   NULL, XNU_BYTE_ORDER, "");

SYSCTL_PROC(_hw, OID_AUTO, pagesize,
	    CTLTYPE_QUAD | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, HW_PAGESIZE | XNU_HW_RETQUAD, xnu_hw_generic, "Q", "");
SYSCTL_PROC(_hw, OID_AUTO, busfrequency,
	    CTLTYPE_QUAD | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, HW_BUS_FREQ | XNU_HW_RETQUAD, xnu_hw_generic, "Q", "");
SYSCTL_PROC(_hw, OID_AUTO, cpufrequency,
	    CTLTYPE_QUAD | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, HW_CPU_FREQ | XNU_HW_RETQUAD, xnu_hw_generic, "Q", "");
SYSCTL_PROC(_hw, OID_AUTO, cachelinesize,
	    CTLTYPE_QUAD | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, HW_CACHELINE | XNU_HW_RETQUAD, xnu_hw_generic, "Q", "");

/* XNU: SYSCTL_QUAD(_hw, HW_MEMSIZE, memsize, ..., &max_mem_actual, ""). */
SYSCTL_PROC(_hw, HW_MEMSIZE, memsize,
	    CTLTYPE_QUAD | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, HW_MEMSIZE, xnu_hw_generic, "Q", "");

/* The deprecated ints behind the fixed numbers, masked as in XNU. */
SYSCTL_PROC(_hw, HW_PAGESIZE, pagesize_compat,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_MASKED | CTLFLAG_LOCKED,
	    NULL, HW_PAGESIZE, xnu_hw_generic, "I", "");
SYSCTL_PROC(_hw, HW_BUS_FREQ, busfrequency_compat,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_MASKED | CTLFLAG_LOCKED,
	    NULL, HW_BUS_FREQ, xnu_hw_generic, "I", "");
SYSCTL_PROC(_hw, HW_CPU_FREQ, cpufrequency_compat,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_MASKED | CTLFLAG_LOCKED,
	    NULL, HW_CPU_FREQ, xnu_hw_generic, "I", "");
SYSCTL_PROC(_hw, HW_CACHELINE, cachelinesize_compat,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_MASKED | CTLFLAG_LOCKED,
	    NULL, HW_CACHELINE, xnu_hw_generic, "I", "");
SYSCTL_PROC(_hw, HW_MACHINE, machine,
	    CTLTYPE_STRING | CTLFLAG_RD | CTLFLAG_MASKED | CTLFLAG_LOCKED,
	    NULL, HW_MACHINE, xnu_hw_string, "A", "");
SYSCTL_PROC(_hw, HW_MODEL, model,
	    CTLTYPE_STRING | CTLFLAG_RD | CTLFLAG_MASKED | CTLFLAG_LOCKED,
	    NULL, HW_MODEL, xnu_hw_string, "A", "");
/* XNU: SYSCTL_COMPAT_UINT(_hw, HW_PHYSMEM, physmem, ..., &mem_size, 0, ""). */
SYSCTL_PROC(_hw, HW_PHYSMEM, physmem,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_MASKED | CTLFLAG_LOCKED,
	    NULL, HW_PHYSMEM, xnu_hw_generic, "IU", "");

/* ---- registration order (OID_AUTO: pagesize 100 ... cachelinesize 103) */

static struct sysctl_oid *const xnu_hw_oids[] = {
	&sysctl__hw_ncpu,
	&sysctl__hw_activecpu,
	&sysctl__hw_byteorder,
	&sysctl__hw_pagesize,
	&sysctl__hw_busfrequency,
	&sysctl__hw_cpufrequency,
	&sysctl__hw_cachelinesize,
	&sysctl__hw_memsize,
	&sysctl__hw_pagesize_compat,
	&sysctl__hw_busfrequency_compat,
	&sysctl__hw_cpufrequency_compat,
	&sysctl__hw_cachelinesize_compat,
	&sysctl__hw_machine,
	&sysctl__hw_model,
	&sysctl__hw_physmem,
};

const struct xnu_builtin_set xnu_builtin_hw = {
	.name = "hw",
	.oids = xnu_hw_oids,
	.count = ARRAY_SIZE(xnu_hw_oids),
};
