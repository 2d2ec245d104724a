// SPDX-License-Identifier: GPL-2.0-only
/*
 * Static init for the QEMU boot check: print a marker line with the
 * kernel release on the console, then reboot so that QEMU started with
 * -no-reboot exits.
 *
 * It uses raw x86_64 system calls and no libc, because Debian 12's glibc
 * refuses to start on kernels older than 3.2 ("FATAL: kernel too old").
 * Build: gcc -static -nostdlib -ffreestanding -fno-pie -no-pie -Os \
 *        -fno-stack-protector -o init init-marker.c
 */

#define SYS_write	1
#define SYS_open	2
#define SYS_mkdir	83
#define SYS_mknod	133
#define SYS_uname	63
#define SYS_sync	162
#define SYS_reboot	169
#define SYS_exit	60

#define O_WRONLY	01
#define S_IFCHR		0020000
#define CONSOLE_DEV	((5 << 8) | 1)	/* old_encode_dev(MKDEV(5, 1)) */

#define LINUX_REBOOT_MAGIC1	0xfee1dead
#define LINUX_REBOOT_MAGIC2	672274793
#define LINUX_REBOOT_CMD_RESTART 0x01234567

#define BOOT_MARKER	"KBACKPORT-BOOT-OK"

struct utsname_kernel {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

static long syscall3(long nr, long a, long b, long c)
{
	long ret;

	asm volatile ("syscall"
		      : "=a" (ret)
		      : "a" (nr), "D" (a), "S" (b), "d" (c)
		      : "rcx", "r11", "memory");
	return ret;
}

static long syscall4(long nr, long a, long b, long c, long d)
{
	register long r10 asm("r10") = d;
	long ret;

	asm volatile ("syscall"
		      : "=a" (ret)
		      : "a" (nr), "D" (a), "S" (b), "d" (c), "r" (r10)
		      : "rcx", "r11", "memory");
	return ret;
}

static unsigned long string_length(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void write_string(int fd, const char *s)
{
	syscall3(SYS_write, fd, (long)s, string_length(s));
}

/*
 * The kernel opens /dev/console for init only when the initramfs has that
 * node. Create it here so that the cpio archive needs no device nodes and
 * can be built without root.
 */
static int open_console(void)
{
	long fd;

	syscall3(SYS_mkdir, (long)"/dev", 0755, 0);
	syscall3(SYS_mknod, (long)"/dev/console", S_IFCHR | 0600, CONSOLE_DEV);

	fd = syscall3(SYS_open, (long)"/dev/console", O_WRONLY, 0);
	if (fd < 0)
		return 1;	/* fall back to the console the kernel gave us */
	return fd;
}

void _start(void)
{
	struct utsname_kernel uts;
	int fd = open_console();

	write_string(fd, "\n" BOOT_MARKER " ");
	if (syscall3(SYS_uname, (long)&uts, 0, 0) == 0)
		write_string(fd, uts.release);
	write_string(fd, "\n");

	syscall3(SYS_sync, 0, 0, 0);
	syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		 LINUX_REBOOT_CMD_RESTART, 0);

	/* Reached only if reboot failed; init exiting makes the kernel panic. */
	syscall3(SYS_exit, 1, 0, 0);
	for (;;)
		;
}
