// SPDX-License-Identifier: GPL-2.0
/*
 * handlers.c - the standard sysctl handlers modules use with the SYSCTL_*
 * macros (sysctl_handle_int, _long, _quad, _int2quad, _string, _opaque) and
 * the sysctl_io_* helpers under them, with XNU's exact behaviour: the old
 * value is output first, then the new one is taken in; numbers convert
 * between 4 and 8 bytes with ERANGE when a value does not fit.
 *
 * Like XNU's, these return 0 or a positive errno.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>

#include <sys/sysctl.h>

/**
 * sysctl_io_number() - output a number and take a new one, 4 or 8 bytes
 * @req:	the request
 * @big_value:	the current value
 * @value_size:	its size in bytes (sizeof(int) or sizeof(long long))
 * @p_value:	where a new value is stored, or NULL for a constant
 * @changed:	if not NULL, set to 1 when a new value was stored, else 0
 *
 * A 4-byte value, or an 8-byte one read into a 4-byte buffer, is output as
 * an int (ERANGE if it does not fit). A new value of 4 bytes for an 8-byte
 * number is sign-extended; one of 8 bytes for a 4-byte number must fit.
 *
 * Return: 0, EPERM to set a constant, EINVAL for a short new value, ERANGE,
 * or the transfer's error (ENOMEM, EFAULT).
 */
int sysctl_io_number(struct sysctl_req *req, long long big_value,
		     size_t value_size, void *p_value, int *changed)
{
	int small_value;
	int error;

	if (changed)
		*changed = 0;

	if (value_size == sizeof(int) ||
	    (req->oldlen == sizeof(int) && value_size == sizeof(long long) &&
	     req->oldptr)) {
		small_value = (int)big_value;
		if ((long long)small_value != big_value)
			return ERANGE;
		error = SYSCTL_OUT(req, &small_value, sizeof(small_value));
	} else {
		error = SYSCTL_OUT(req, &big_value, value_size);
	}
	if (error || !req->newptr)
		return error;

	if (!p_value)
		return EPERM;

	if (req->newlen == sizeof(int) && value_size == sizeof(long long)) {
		error = SYSCTL_IN(req, &small_value, sizeof(small_value));
		if (!error)
			*(long long *)p_value = small_value;
	} else if (req->newlen == sizeof(long long) && value_size == sizeof(int)) {
		error = SYSCTL_IN(req, &big_value, sizeof(big_value));
		if (!error) {
			small_value = (int)big_value;
			if ((long long)small_value != big_value)
				return ERANGE;
			*(int *)p_value = small_value;
		}
	} else {
		error = SYSCTL_IN(req, p_value, value_size);
	}
	if (!error && changed)
		*changed = 1;
	return error;
}
EXPORT_SYMBOL_GPL(sysctl_io_number);

/**
 * sysctl_io_string() - output a NUL-terminated string and take a new one
 * @req:	the request
 * @p_value:	the string, also where a new one is stored
 * @value_size:	size of the buffer at @p_value, or 0 for a constant string
 * @trunc:	if set, a too small buffer gets the string truncated (and
 *		NUL-terminated) instead of ENOMEM
 * @changed:	if not NULL, set to 1 when a new string was stored, else 0
 *
 * The string is output with its NUL. A new string of newlen bytes is
 * stored and NUL-terminated; it must leave room for the NUL.
 *
 * Return: 0, EPERM for a constant, EINVAL when the new string does not fit,
 * or the transfer's error.
 */
int sysctl_io_string(struct sysctl_req *req, char *p_value, size_t value_size,
		     int trunc, int *changed)
{
	size_t len = strlen(p_value) + 1;
	int error;

	if (changed)
		*changed = 0;

	if (trunc && req->oldptr && req->oldlen && req->oldlen < len) {
		error = SYSCTL_OUT(req, p_value, req->oldlen - 1);
		if (!error) {
			char nul = '\0';

			error = SYSCTL_OUT(req, &nul, 1);
		}
	} else {
		error = SYSCTL_OUT(req, p_value, len);
	}
	if (error || !req->newptr)
		return error;

	if (value_size == 0)
		return EPERM;
	if (req->newlen >= value_size)
		return EINVAL;

	error = SYSCTL_IN(req, p_value, req->newlen);
	p_value[req->newlen] = '\0';
	if (!error && changed)
		*changed = 1;
	return error;
}
EXPORT_SYMBOL_GPL(sysctl_io_string);

/**
 * sysctl_io_opaque() - output a block of bytes and take a new one
 * @req:	the request
 * @p_value:	the bytes, also where new ones are stored
 * @value_size:	their size; a new value must have at least that many bytes
 *		(only the first @value_size are used)
 * @changed:	if not NULL, set to 1 when new bytes were stored, else 0
 *
 * Return: 0, EINVAL for a short new value, or the transfer's error.
 */
int sysctl_io_opaque(struct sysctl_req *req, void *p_value, size_t value_size,
		     int *changed)
{
	int error;

	if (changed)
		*changed = 0;

	error = SYSCTL_OUT(req, p_value, value_size);
	if (error || !req->newptr)
		return error;

	error = SYSCTL_IN(req, p_value, value_size);
	if (!error && changed)
		*changed = 1;
	return error;
}
EXPORT_SYMBOL_GPL(sysctl_io_opaque);

/**
 * sysctl_handle_int() - handler of an int, signed or unsigned
 * @oidp:	the OID (unused)
 * @arg1:	the int, or NULL for the constant @arg2 (then read-only)
 * @arg2:	the constant when @arg1 is NULL
 * @req:	the request
 *
 * Return: as sysctl_io_number(): EPERM to set a constant.
 */
int sysctl_handle_int(struct sysctl_oid *oidp, void *arg1, int arg2,
		      struct sysctl_req *req)
{
	return sysctl_io_number(req, arg1 ? *(int *)arg1 : arg2, sizeof(int),
				arg1, NULL);
}
EXPORT_SYMBOL_GPL(sysctl_handle_int);

/**
 * sysctl_handle_long() - handler of a long, signed or unsigned
 * @oidp:	the OID (unused)
 * @arg1:	the long
 * @arg2:	unused
 * @req:	the request
 *
 * Return: EINVAL without @arg1, else as sysctl_io_number().
 */
int sysctl_handle_long(struct sysctl_oid *oidp, void *arg1, int arg2,
		       struct sysctl_req *req)
{
	if (!arg1)
		return EINVAL;
	return sysctl_io_number(req, *(long *)arg1, sizeof(long), arg1, NULL);
}
EXPORT_SYMBOL_GPL(sysctl_handle_long);

/**
 * sysctl_handle_quad() - handler of a 64-bit number, signed or unsigned
 * @oidp:	the OID (unused)
 * @arg1:	the long long
 * @arg2:	unused
 * @req:	the request
 *
 * Return: EINVAL without @arg1, else as sysctl_io_number().
 */
int sysctl_handle_quad(struct sysctl_oid *oidp, void *arg1, int arg2,
		       struct sysctl_req *req)
{
	if (!arg1)
		return EINVAL;
	return sysctl_io_number(req, *(long long *)arg1, sizeof(long long),
				arg1, NULL);
}
EXPORT_SYMBOL_GPL(sysctl_handle_quad);

/**
 * sysctl_handle_int2quad() - handler exposing an int as 8 bytes
 * @oidp:	the OID (unused)
 * @arg1:	the int
 * @arg2:	unused
 * @req:	the request
 *
 * Return: EINVAL without @arg1 or for a new value shorter than 8 bytes,
 * ERANGE when the new value does not fit an int, or the transfer's error.
 */
int sysctl_handle_int2quad(struct sysctl_oid *oidp, void *arg1, int arg2,
			   struct sysctl_req *req)
{
	long long val;
	int error;

	if (!arg1)
		return EINVAL;
	val = *(int *)arg1;
	error = SYSCTL_OUT(req, &val, sizeof(val));
	if (error || !req->newptr)
		return error;

	error = SYSCTL_IN(req, &val, sizeof(val));
	if (!error) {
		if ((long long)(int)val != val)
			return ERANGE;
		*(int *)arg1 = (int)val;
	}
	return error;
}
EXPORT_SYMBOL_GPL(sysctl_handle_int2quad);

/**
 * sysctl_handle_string() - handler of a NUL-terminated string
 * @oidp:	the OID (unused)
 * @arg1:	the string
 * @arg2:	its buffer's size, or 0 for a constant string
 * @req:	the request
 *
 * Return: as sysctl_io_string() without truncation.
 */
int sysctl_handle_string(struct sysctl_oid *oidp, void *arg1, int arg2,
			 struct sysctl_req *req)
{
	return sysctl_io_string(req, arg1, arg2, 0, NULL);
}
EXPORT_SYMBOL_GPL(sysctl_handle_string);

/**
 * sysctl_handle_opaque() - handler of a block of bytes
 * @oidp:	the OID (unused)
 * @arg1:	the bytes
 * @arg2:	their size
 * @req:	the request
 *
 * Return: as sysctl_io_opaque().
 */
int sysctl_handle_opaque(struct sysctl_oid *oidp, void *arg1, int arg2,
			 struct sysctl_req *req)
{
	return sysctl_io_opaque(req, arg1, arg2, NULL);
}
EXPORT_SYMBOL_GPL(sysctl_handle_opaque);
