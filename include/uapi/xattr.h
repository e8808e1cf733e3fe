/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest ABI of extended attributes: setxattr(2)'s flags and the limits. */
#ifndef UAPI_XATTR_H
#define UAPI_XATTR_H

#define XATTR_CREATE	0x1	/* fail if the attribute exists */
#define XATTR_REPLACE	0x2	/* fail if it does not */

#define XATTR_NAME_MAX	255	/* bytes in a name, its prefix included */
#define XATTR_SIZE_MAX	65536	/* bytes in a value */
#define XATTR_LIST_MAX	65536	/* bytes in a list */

#endif /* UAPI_XATTR_H */
