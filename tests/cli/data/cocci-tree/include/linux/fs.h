#ifndef _LINUX_FS_H
#define _LINUX_FS_H

struct address_space {
	struct inode		*host;
	spinlock_t		i_mmap_lock;
	unsigned long		nrpages;
};

#endif
