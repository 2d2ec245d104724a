// SPDX-License-Identifier: GPL-2.0-only
/*
 * Static init for the QA boot check: stress the paths the mm
 * preemptibility series changes, for a fixed time, then print a pass or
 * fail marker and reboot so that QEMU started with -no-reboot exits.
 *
 * Workloads, one worker process each, all running at the same time:
 *   truncate  processes map a tmpfs file and a rootfs file (shared and
 *             private) and write to every page while another process
 *             shrinks, regrows and hole-punches the file (MADV_REMOVE);
 *             a mapper killed by SIGBUS for touching a page past EOF is
 *             expected and replaced
 *   fork      fork and exit storms over copy-on-write anonymous memory,
 *             with grandchildren, checking that no write leaks across
 *   remap     mremap grow and move, partial munmap, mprotect splits and
 *             madvise(MADV_DONTNEED) on memory shared with a child (madvise
 *             only when the kernel has the system call: 6.1 leaves it out
 *             without CONFIG_ADVISE_SYSCALLS)
 *   hugetlb   MAP_HUGETLB copy-on-write and truncate of a mapped
 *             hugetlbfs file, when the kernel has hugetlbfs
 *   ksm       MADV_MERGEABLE pages written by forked children, when the
 *             kernel has KSM
 *   migrate   move_pages() of anonymous pages shared copy-on-write with a
 *             child and of a shared tmpfs mapping between NUMA nodes, while
 *             the child reads them, when the kernel has page migration and
 *             a second node (numa=fake=2 on the command line)
 *   hwpoison  madvise(MADV_HWPOISON) on an anonymous page shared
 *             copy-on-write or on a shared tmpfs page, so memory_failure()
 *             walks the anon_vma or the file's i_mmap tree to find and
 *             signal the processes that map it.  It runs when the kernel
 *             has CONFIG_MEMORY_FAILURE.  Every round loses a page for
 *             good, so the rounds are spaced and capped.
 *
 * It uses raw x86_64 system calls and no libc, because Debian 12's glibc
 * refuses to start on kernels older than 3.2 ("FATAL: kernel too old").
 * scripts/qa-initramfs.sh builds it.
 *
 * Kernel command line settings (the kernel passes them to init as
 * environment variables):
 *   kbp_seconds=N      run time of the workloads, default 20
 *   kbp_mode=kernel-bug before the workloads, make the kernel hit BUG()
 *                      in a child process through LKDTM's DIRECT crash point
 *                      (needs CONFIG_LKDTM), so a test can check that the
 *                      console scanner catches a real kernel report
 *   kbp_mode=kmsg-bug  the same with a "BUG:" line written through
 *                      /dev/kmsg, for kernels without LKDTM
 *   kbp_mode=exit-init exit at once, so the kernel itself reports
 *                      "Kernel panic - not syncing: Attempted to kill init!"
 *   kbp_skip=W[,W]     leave out the named workloads (hugetlb, ksm, migrate,
 *                      hwpoison),
 *                      for a kernel whose known bug in one of them stops the rest
 */

#define SYS_read		0
#define SYS_write		1
#define SYS_open		2
#define SYS_close		3
#define SYS_mmap		9
#define SYS_mprotect		10
#define SYS_munmap		11
#define SYS_mremap		25
#define SYS_madvise		28
#define SYS_nanosleep		35
#define SYS_fork		57
#define SYS_exit		60
#define SYS_wait4		61
#define SYS_kill		62
#define SYS_uname		63
#define SYS_ftruncate		77
#define SYS_mkdir		83
#define SYS_unlink		87
#define SYS_mknod		133
#define SYS_sync		162
#define SYS_mount		165
#define SYS_reboot		169
#define SYS_clock_gettime	228
#define SYS_move_pages		279

#define O_RDONLY	00
#define O_WRONLY	01
#define O_RDWR		02
#define O_CREAT		0100
#define O_TRUNC		01000

#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_ANONYMOUS	0x20
#define MAP_HUGETLB	0x40000
#define MREMAP_MAYMOVE	1
#define MADV_WILLNEED	3
#define MADV_DONTNEED	4
#define MADV_REMOVE	9
#define MADV_MERGEABLE	12
#define MADV_HWPOISON	100
#define MPOL_MF_MOVE_ALL (1 << 2)

#define WNOHANG		1
#define SIGKILL		9
#define SIGBUS		7
#define ECHILD		10
#define ENOSYS		38
#define CLOCK_MONOTONIC	1

#define S_IFCHR		0020000
#define CONSOLE_DEV	((5 << 8) | 1)	/* old_encode_dev(MKDEV(5, 1)) */
#define KMSG_DEV	((1 << 8) | 11)	/* old_encode_dev(MKDEV(1, 11)) */

#define LINUX_REBOOT_MAGIC1	0xfee1dead
#define LINUX_REBOOT_MAGIC2	672274793
#define LINUX_REBOOT_CMD_RESTART 0x01234567

#define PAGE_SIZE	4096UL
#define HUGE_PAGE_SIZE	(2UL << 20)
#define FILE_PAGES	64
#define MAPPERS		3
#define FORK_PAGES	512
#define FORK_CHILDREN	8
#define REMAP_PAGES	64
#define KSM_PAGES	128
#define MIGRATE_PAGES	32
#define MIGRATE_FILE_PAGES 8
#define HWPOISON_PAGES	4
#define HWPOISON_MAX_ROUNDS 48
#define HWPOISON_GAP_MS	250
#define GRACE_SECONDS	20

#define PASS_MARKER	"KBACKPORT-STRESS-PASS"
#define FAIL_MARKER	"KBACKPORT-STRESS-FAIL"

typedef unsigned long size_t;

struct timespec_kernel {
	long tv_sec;
	long tv_nsec;
};

struct utsname_kernel {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

/* Shared between all processes: a MAP_SHARED anonymous page. */
struct shared_state {
	long deadline;			/* CLOCK_MONOTONIC seconds */
	long truncate_rounds;
	long sigbus_deaths;
	long fork_children;
	long cow_checks;
	long remap_rounds;
	long hugetlb_rounds;
	long ksm_rounds;
	long migrate_rounds;
	long migrated_pages;
	long hwpoison_rounds;
	long hwpoison_ignored;
	int migrate_reader_done;
	int failed;
	char failure[160];
};

static struct shared_state *state;
static int console = 1;
static int have_madvise;	/* 6.1 without CONFIG_ADVISE_SYSCALLS returns ENOSYS */
static int have_sysfs;

static long syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 asm("r10") = d;
	register long r8 asm("r8") = e;
	register long r9 asm("r9") = f;
	long ret;

	asm volatile ("syscall"
		      : "=a" (ret)
		      : "a" (nr), "D" (a), "S" (b), "d" (c), "r" (r10), "r" (r8), "r" (r9)
		      : "rcx", "r11", "memory");
	return ret;
}

#define sys1(nr, a)		syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sys2(nr, a, b)		syscall6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(nr, a, b, c)	syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(nr, a, b, c, d)	syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys5(nr, a, b, c, d, e)	syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* gcc may emit calls to these even with -ffreestanding. */
void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

static size_t string_length(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int string_starts_with(const char *s, const char *prefix)
{
	while (*prefix) {
		if (*s++ != *prefix++)
			return 0;
	}
	return 1;
}

static void put_string(const char *s)
{
	sys3(SYS_write, console, s, string_length(s));
}

static void put_number(long n)
{
	char buf[24];
	int i = sizeof(buf) - 1;
	int negative = n < 0;
	unsigned long u = negative ? -(unsigned long)n : (unsigned long)n;

	buf[i] = '\0';
	do {
		buf[--i] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (negative)
		buf[--i] = '-';
	put_string(buf + i);
}

static void put_count(const char *name, long value)
{
	put_string(" ");
	put_string(name);
	put_string("=");
	put_number(value);
}

static long parse_number(const char *s)
{
	long n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}

static long now_seconds(void)
{
	struct timespec_kernel ts;

	sys2(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int time_is_up(void)
{
	return now_seconds() >= state->deadline;
}

static void sleep_milliseconds(long ms)
{
	struct timespec_kernel ts = { ms / 1000, (ms % 1000) * 1000000 };

	sys2(SYS_nanosleep, &ts, 0);
}

static void count(long *counter, long n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

/* Record the first failure, print it, and end the calling worker. */
static void fail(const char *what, long value)
{
	int expected = 0;

	if (__atomic_compare_exchange_n(&state->failed, &expected, 1, 0,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		size_t len = string_length(what);

		if (len >= sizeof(state->failure))
			len = sizeof(state->failure) - 1;
		memcpy(state->failure, what, len);
	}
	put_string("mm-stress: error: ");
	put_string(what);
	put_string(" (");
	put_number(value);
	put_string(")\n");
	sys1(SYS_exit, 2);
}

static unsigned long random_state = 0x9e3779b97f4a7c15UL;

static unsigned long random_next(void)
{
	random_state ^= random_state << 13;
	random_state ^= random_state >> 7;
	random_state ^= random_state << 17;
	return random_state;
}

static int is_error(long ret)
{
	return ret < 0 && ret > -4096;
}

static char *map_anonymous(size_t size, int flags)
{
	long ret = syscall6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	return is_error(ret) ? 0 : (char *)ret;
}

static long fork_process(void)
{
	long pid = sys1(SYS_fork, 0);

	if (pid < 0)
		fail("fork failed", pid);
	if (pid == 0)
		random_state ^= (unsigned long)now_seconds() * 2654435761UL + (unsigned long)&pid;
	return pid;
}

/* Wait for PID and return its wait status. */
static int wait_process(long pid)
{
	int status = 0;

	if (sys4(SYS_wait4, pid, &status, 0, 0) < 0)
		return -1;
	return status;
}

static int exited_cleanly(int status)
{
	return (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0;
}

static int killed_by(int status, int sig)
{
	return (status & 0x7f) == sig;
}

/* ---- truncate: shared and private file mappings against ftruncate ---- */

static void run_mapper(long fd)
{
	size_t size = FILE_PAGES * PAGE_SIZE;
	long shared = syscall6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	long private = syscall6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	unsigned long round = 0;

	if (is_error(shared) || is_error(private))
		fail("mmap of the truncate file failed", is_error(shared) ? shared : private);

	/* A write past the current EOF ends this process with SIGBUS. */
	while (!time_is_up()) {
		for (size_t i = 0; i < FILE_PAGES; i++) {
			((volatile char *)shared)[i * PAGE_SIZE + round % PAGE_SIZE] = (char)round;
			((volatile char *)private)[i * PAGE_SIZE] += 1;
		}
		if (++round % 16 == 0) {
			sys2(SYS_munmap, private, size);
			private = syscall6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
			if (is_error(private))
				fail("mmap of the truncate file failed", private);
		}
	}
	sys1(SYS_exit, 0);
}

static long start_mapper(long fd)
{
	long pid = fork_process();

	if (pid == 0)
		run_mapper(fd);
	return pid;
}

/* Replace mappers that a SIGBUS ended, and fail on any other death. */
static void reap_mappers(long fd, long *pids, int block)
{
	for (int i = 0; i < MAPPERS; i++) {
		int status = 0;
		long ret = sys4(SYS_wait4, pids[i], &status, block ? 0 : WNOHANG, 0);

		if (ret <= 0)
			continue;
		if (killed_by(status, SIGBUS)) {
			count(&state->sigbus_deaths, 1);
			pids[i] = block ? 0 : start_mapper(fd);
		} else if (!exited_cleanly(status)) {
			fail("a truncate mapper died unexpectedly, wait status", status);
		} else {
			pids[i] = block ? 0 : start_mapper(fd);
		}
	}
}

static void run_truncate(const char *path)
{
	size_t size = FILE_PAGES * PAGE_SIZE;
	long pids[MAPPERS];
	long fd = sys3(SYS_open, path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	long self;

	if (fd < 0)
		fail("cannot create the truncate file", fd);
	if (sys2(SYS_ftruncate, fd, size))
		fail("ftruncate failed", 0);
	self = syscall6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (is_error(self))
		fail("mmap of the truncate file failed", self);

	for (int i = 0; i < MAPPERS; i++)
		pids[i] = start_mapper(fd);

	while (!time_is_up()) {
		long keep = random_next() % FILE_PAGES;
		long ret = sys2(SYS_ftruncate, fd, keep * PAGE_SIZE);

		if (ret)
			fail("ftruncate to shrink failed", ret);
		sleep_milliseconds(random_next() % 3);
		if ((ret = sys2(SYS_ftruncate, fd, size)))
			fail("ftruncate to regrow failed", ret);
		((volatile char *)self)[keep * PAGE_SIZE] = 1;
		/* Punch a hole in a mapped range: tmpfs supports it, and ramfs returns an error. */
		sys3(SYS_madvise, self + (long)(random_next() % (FILE_PAGES / 2)) * PAGE_SIZE,
		     4 * PAGE_SIZE, MADV_REMOVE);
		count(&state->truncate_rounds, 1);
		reap_mappers(fd, pids, 0);
	}

	reap_mappers(fd, pids, 1);
	sys1(SYS_close, fd);
	sys1(SYS_unlink, path);
	sys1(SYS_exit, 0);
}

/* ---- fork: exit storms over copy-on-write anonymous memory ---- */

static void write_generation(char *region, long pages, long value)
{
	for (long i = 0; i < pages; i++)
		*(volatile long *)(region + i * PAGE_SIZE) = value + i;
}

static void check_generation(char *region, long pages, long value, const char *what)
{
	for (long i = 0; i < pages; i++) {
		if (*(volatile long *)(region + i * PAGE_SIZE) != value + i)
			fail(what, i);
	}
}

/* A child: check the parent's data, write over part of it, maybe fork again. */
static void run_cow_child(char *region, long generation, int depth)
{
	check_generation(region, FORK_PAGES, generation, "a forked child saw wrong data");
	count(&state->cow_checks, 1);
	for (int i = 0; i < 64; i++) {
		long page = random_next() % FORK_PAGES;

		*(volatile long *)(region + page * PAGE_SIZE) = -1;
	}
	if (depth == 0 && (random_next() & 1)) {
		long pid = fork_process();

		if (pid == 0) {
			write_generation(region, FORK_PAGES, generation + 7);
			sys1(SYS_exit, 0);
		}
		if (!exited_cleanly(wait_process(pid)))
			fail("a grandchild failed", pid);
		count(&state->fork_children, 1);
	}
	sys1(SYS_exit, 0);
}

static void run_fork(void)
{
	char *region = map_anonymous(FORK_PAGES * PAGE_SIZE, 0);
	long generation = 0;
	long pids[FORK_CHILDREN];

	if (!region)
		fail("mmap of the fork region failed", 0);

	while (!time_is_up()) {
		generation += 1000;
		write_generation(region, FORK_PAGES, generation);
		for (int i = 0; i < FORK_CHILDREN; i++) {
			pids[i] = fork_process();
			if (pids[i] == 0)
				run_cow_child(region, generation, 0);
		}
		for (int i = 0; i < FORK_CHILDREN; i++) {
			if (!exited_cleanly(wait_process(pids[i])))
				fail("a forked child failed", pids[i]);
		}
		count(&state->fork_children, FORK_CHILDREN);
		check_generation(region, FORK_PAGES, generation, "a child's write reached the parent");
	}
	sys1(SYS_exit, 0);
}

/* ---- remap: mremap, munmap, mprotect and madvise on shared anon_vmas ---- */

static void remap_round(void)
{
	size_t size = REMAP_PAGES * PAGE_SIZE;
	char *area = map_anonymous(size, 0);
	long moved, child;

	if (!area)
		fail("mmap of the remap area failed", 0);
	write_generation(area, REMAP_PAGES, 42);

	/* The child keeps the anon_vma shared while the parent moves the area. */
	child = fork_process();
	if (child == 0) {
		sleep_milliseconds(random_next() % 5);
		write_generation(area, REMAP_PAGES, 99);
		sys1(SYS_exit, 0);
	}

	moved = sys5(SYS_mremap, area, size, 2 * size, MREMAP_MAYMOVE, 0);
	if (is_error(moved))
		fail("mremap to grow failed", moved);
	area = (char *)moved;
	check_generation(area, REMAP_PAGES, 42, "mremap lost data");
	write_generation(area + size, REMAP_PAGES, 7);

	if (sys3(SYS_mprotect, area + 8 * PAGE_SIZE, 4 * PAGE_SIZE, PROT_READ))
		fail("mprotect failed", 0);
	if (sys2(SYS_munmap, area + 16 * PAGE_SIZE, 8 * PAGE_SIZE))
		fail("partial munmap failed", 0);
	if (have_madvise) {
		long ret = sys3(SYS_madvise, area + size, 8 * PAGE_SIZE, MADV_DONTNEED);

		if (ret)
			fail("madvise MADV_DONTNEED failed", ret);
		if (*(volatile long *)(area + size) != 0)
			fail("a page read non-zero after MADV_DONTNEED", 0);
		sys3(SYS_madvise, area, 8 * PAGE_SIZE, MADV_WILLNEED);
	}

	moved = sys5(SYS_mremap, area + size, size, size / 2, 0, 0);
	if (is_error(moved))
		fail("mremap to shrink failed", moved);
	sys2(SYS_munmap, area, 3 * size / 2);

	if (!exited_cleanly(wait_process(child)))
		fail("the remap child failed", child);
}

static void run_remap(void)
{
	while (!time_is_up()) {
		remap_round();
		count(&state->remap_rounds, 1);
	}
	sys1(SYS_exit, 0);
}

/* ---- hugetlb: private copy-on-write and truncate of a mapped file ---- */

static void hugetlb_round(void)
{
	char *anon = map_anonymous(HUGE_PAGE_SIZE, MAP_HUGETLB);
	long fd, shared, child;

	if (anon) {
		anon[0] = 1;
		child = fork_process();
		if (child == 0) {
			anon[1] = 2;	/* copy-on-write of a huge page */
			sys1(SYS_exit, anon[0] == 1 ? 0 : 3);
		}
		if (!exited_cleanly(wait_process(child)))
			fail("the hugetlb copy-on-write child failed", child);
		sys2(SYS_munmap, anon, HUGE_PAGE_SIZE);
	}

	fd = sys3(SYS_open, "/hugetlb/file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fail("cannot create a hugetlbfs file", fd);
	shared = syscall6(SYS_mmap, 0, HUGE_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!is_error(shared)) {
		((volatile char *)shared)[0] = 1;
		child = fork_process();
		if (child == 0) {
			for (int i = 0; i < 1000; i++)
				((volatile char *)shared)[i] = (char)i;
			sys1(SYS_exit, 0);
		}
		sys2(SYS_ftruncate, fd, 0);	/* unmaps the page in the child too */
		int status = wait_process(child);

		if (!exited_cleanly(status) && !killed_by(status, SIGBUS))
			fail("the hugetlbfs truncate child died unexpectedly, wait status", status);
		sys2(SYS_munmap, shared, HUGE_PAGE_SIZE);
	}
	sys1(SYS_close, fd);
	sys1(SYS_unlink, "/hugetlb/file");
}

static void run_hugetlb(void)
{
	while (!time_is_up()) {
		hugetlb_round();
		count(&state->hugetlb_rounds, 1);
	}
	sys1(SYS_exit, 0);
}

/* ---- ksm: children write to pages that ksmd merges ---- */

static void run_ksm(void)
{
	char *area = map_anonymous(KSM_PAGES * PAGE_SIZE, 0);

	if (!area)
		fail("mmap of the ksm area failed", 0);
	for (long i = 0; i < KSM_PAGES; i++)
		memset(area + i * PAGE_SIZE, 0x5a, PAGE_SIZE);
	long ret = sys3(SYS_madvise, area, KSM_PAGES * PAGE_SIZE, MADV_MERGEABLE);

	if (ret)
		fail("madvise MADV_MERGEABLE failed", ret);

	while (!time_is_up()) {
		long child = fork_process();

		if (child == 0) {
			for (int i = 0; i < 16; i++)
				area[(random_next() % KSM_PAGES) * PAGE_SIZE] = 1;
			sys1(SYS_exit, 0);
		}
		if (!exited_cleanly(wait_process(child)))
			fail("a ksm child failed", child);
		area[(random_next() % KSM_PAGES) * PAGE_SIZE] = 0x5a;
		sleep_milliseconds(20);
		count(&state->ksm_rounds, 1);
	}
	sys1(SYS_exit, 0);
}

/* ---- migrate: move pages between NUMA nodes under a reading child ---- */

/* Move every page of PAGES to NODE; return how many pages moved. */
static long move_to_node(char **pages, long count, int node)
{
	int nodes[MIGRATE_PAGES + MIGRATE_FILE_PAGES];
	int status[MIGRATE_PAGES + MIGRATE_FILE_PAGES];
	long ret, moved = 0;

	for (long i = 0; i < count; i++) {
		nodes[i] = node;
		status[i] = -1;
	}
	ret = syscall6(SYS_move_pages, 0, count, (long)pages, (long)nodes, (long)status,
		       MPOL_MF_MOVE_ALL);
	if (ret < 0)
		fail("move_pages failed", ret);
	for (long i = 0; i < count; i++) {
		if (status[i] == node)
			moved++;
	}
	return moved;
}

static void check_pattern(char *area, long pages, long value, const char *failure)
{
	for (long i = 0; i < pages; i++) {
		if (area[i * PAGE_SIZE] != (char)(value + i) ||
		    area[i * PAGE_SIZE + PAGE_SIZE - 1] != (char)(value + i))
			fail(failure, i);
	}
}

/*
 * Read both areas until the parent has moved them to node 1 and back.  The
 * deadline also ends the loop, so a reader whose parent failed does not spin.
 */
static void run_migrate_reader(char *anon, char *file, long value)
{
	while (!__atomic_load_n(&state->migrate_reader_done, __ATOMIC_ACQUIRE) &&
	       !time_is_up()) {
		check_pattern(anon, MIGRATE_PAGES, value, "an anonymous page changed during migration");
		check_pattern(file, MIGRATE_FILE_PAGES, value, "a tmpfs page changed during migration");
	}
	sys1(SYS_exit, 0);
}

static void migrate_round(long fd, long value)
{
	char *pages[MIGRATE_PAGES + MIGRATE_FILE_PAGES];
	char *anon = map_anonymous(MIGRATE_PAGES * PAGE_SIZE, 0);
	long file_ret = syscall6(SYS_mmap, 0, MIGRATE_FILE_PAGES * PAGE_SIZE,
				 PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *file = (char *)file_ret;
	long child, moved;

	if (!anon || is_error(file_ret))
		fail("mmap of the migration areas failed", file_ret);
	for (long i = 0; i < MIGRATE_PAGES; i++)
		memset(anon + i * PAGE_SIZE, (char)(value + i), PAGE_SIZE);
	for (long i = 0; i < MIGRATE_FILE_PAGES; i++)
		memset(file + i * PAGE_SIZE, (char)(value + i), PAGE_SIZE);
	for (long i = 0; i < MIGRATE_PAGES; i++)
		pages[i] = anon + i * PAGE_SIZE;
	for (long i = 0; i < MIGRATE_FILE_PAGES; i++)
		pages[MIGRATE_PAGES + i] = file + i * PAGE_SIZE;

	__atomic_store_n(&state->migrate_reader_done, 0, __ATOMIC_RELEASE);
	child = fork_process();
	if (child == 0)
		run_migrate_reader(anon, file, value);

	moved = move_to_node(pages, MIGRATE_PAGES + MIGRATE_FILE_PAGES, 1);
	moved += move_to_node(pages, MIGRATE_PAGES + MIGRATE_FILE_PAGES, 0);
	__atomic_store_n(&state->migrate_reader_done, 1, __ATOMIC_RELEASE);
	if (!exited_cleanly(wait_process(child)))
		fail("the migration reader failed", child);
	check_pattern(anon, MIGRATE_PAGES, value, "an anonymous page changed after migration");
	check_pattern(file, MIGRATE_FILE_PAGES, value, "a tmpfs page changed after migration");
	count(&state->migrated_pages, moved);
	sys2(SYS_munmap, anon, MIGRATE_PAGES * PAGE_SIZE);
	sys2(SYS_munmap, file, MIGRATE_FILE_PAGES * PAGE_SIZE);
}

static void run_migrate(void)
{
	long fd = sys3(SYS_open, "/tmp/migrate", O_RDWR | O_CREAT, 0600);
	long value = 1;

	if (fd < 0)
		fail("cannot create /tmp/migrate", fd);
	if (sys2(SYS_ftruncate, fd, MIGRATE_FILE_PAGES * PAGE_SIZE))
		fail("ftruncate of /tmp/migrate failed", 0);
	while (!time_is_up()) {
		migrate_round(fd, value++);
		count(&state->migrate_rounds, 1);
	}
	sys1(SYS_exit, 0);
}

/* ---- hwpoison: memory_failure() on pages that two processes map ---- */

/* Exit codes of a hwpoison round process, besides death by SIGBUS. */
#define HWPOISON_ROUND_DONE	0
#define HWPOISON_ROUND_IGNORED	3

/*
 * Poison PAGE, which contains 1 in every byte, then read it.  Reading must end
 * this process with SIGBUS: 2.6.3x signals every process that maps a dirty
 * poisoned page at once (BUS_MCEERR_AO), later kernels without early kill
 * signal at the next access.  One page per victim, because on 2.6.3x the
 * signal arrives as madvise() returns.
 */
static void run_hwpoison_victim(char *page)
{
	volatile char *poisoned = page;
	long ret;

	ret = sys3(SYS_madvise, page, PAGE_SIZE, MADV_HWPOISON);
	if (ret)
		fail("madvise(MADV_HWPOISON) failed", ret);
	if (*poisoned != (char)1)
		fail("a poisoned page read back changed instead of raising SIGBUS", *poisoned);

	/* memory_failure() left the page alone, for example one not on the LRU yet. */
	sys1(SYS_exit, HWPOISON_ROUND_IGNORED);
}

/*
 * One round, in its own process: map anonymous pages and a page of a new
 * tmpfs file, fork a victim that shares both, and let it poison the first
 * anonymous page (even VALUE) or the tmpfs page (odd VALUE).  This process
 * maps the poisoned page too, so memory_failure() finds it through the
 * anon_vma or the file's i_mmap tree, and on 2.6.3x that signal kills it.
 */
static void hwpoison_round(long value)
{
	char *anon = map_anonymous(HWPOISON_PAGES * PAGE_SIZE, 0);
	long fd = sys3(SYS_open, "/tmp/hwpoison", O_RDWR | O_CREAT | O_TRUNC, 0600);
	long file_ret, victim;
	char *file;
	int status;

	if (!anon || fd < 0)
		fail("cannot set up the hwpoison areas", fd);
	if (sys2(SYS_ftruncate, fd, PAGE_SIZE))
		fail("ftruncate of /tmp/hwpoison failed", 0);
	file_ret = syscall6(SYS_mmap, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (is_error(file_ret))
		fail("mmap of /tmp/hwpoison failed", file_ret);
	file = (char *)file_ret;
	sys1(SYS_close, fd);
	sys1(SYS_unlink, "/tmp/hwpoison");

	memset(anon, 1, PAGE_SIZE);
	for (long i = 1; i < HWPOISON_PAGES; i++)
		memset(anon + i * PAGE_SIZE, (char)(value + i), PAGE_SIZE);
	memset(file, 1, PAGE_SIZE);

	victim = fork_process();
	if (victim == 0)
		run_hwpoison_victim(value & 1 ? file : anon);
	status = wait_process(victim);

	/* The pages that were not poisoned still hold what was written. */
	for (long i = 1; i < HWPOISON_PAGES; i++) {
		if (anon[i * PAGE_SIZE] != (char)(value + i))
			fail("an anonymous page next to a poisoned one changed", i);
	}
	if (killed_by(status, SIGBUS))
		sys1(SYS_exit, HWPOISON_ROUND_DONE);
	if (((status >> 8) & 0xff) == HWPOISON_ROUND_IGNORED && (status & 0x7f) == 0)
		sys1(SYS_exit, HWPOISON_ROUND_IGNORED);
	fail("the hwpoison victim ended other than by SIGBUS", status);
}

static void run_hwpoison(void)
{
	long value = 2;

	while (!time_is_up() && state->hwpoison_rounds + state->hwpoison_ignored < HWPOISON_MAX_ROUNDS) {
		long round = fork_process();
		int status;

		if (round == 0)
			hwpoison_round(value);
		status = wait_process(round);
		if (exited_cleanly(status) || killed_by(status, SIGBUS))
			count(&state->hwpoison_rounds, 1);
		else if ((status & 0x7f) == 0 && ((status >> 8) & 0xff) == HWPOISON_ROUND_IGNORED)
			count(&state->hwpoison_ignored, 1);
		else
			fail("a hwpoison round failed", status);
		value++;
		sleep_milliseconds(HWPOISON_GAP_MS);
	}
	sys1(SYS_exit, 0);
}

/* ---- setup and the init process ---- */

static int write_file(const char *path, const char *text)
{
	long fd = sys3(SYS_open, path, O_WRONLY, 0);
	long ret;

	if (fd < 0)
		return -1;
	ret = sys3(SYS_write, fd, text, string_length(text));
	sys1(SYS_close, fd);
	return ret < 0 ? -1 : 0;
}

static long read_number(const char *path)
{
	char buf[32];
	long fd = sys3(SYS_open, path, O_RDONLY, 0);
	long n;

	if (fd < 0)
		return -1;
	n = sys3(SYS_read, fd, buf, sizeof(buf) - 1);
	sys1(SYS_close, fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return parse_number(buf);
}

static int mount_fs(const char *type, const char *dir)
{
	sys2(SYS_mkdir, dir, 0755);
	return sys5(SYS_mount, type, dir, type, 0, 0) == 0;
}

/*
 * The kernel opens /dev/console for init only when the initramfs has that
 * node.  Create the nodes here, so the cpio archive needs no device nodes
 * and can be built without root.
 */
static void open_console(void)
{
	long fd;

	sys2(SYS_mkdir, "/dev", 0755);
	sys3(SYS_mknod, "/dev/console", S_IFCHR | 0600, CONSOLE_DEV);
	sys3(SYS_mknod, "/dev/kmsg", S_IFCHR | 0600, KMSG_DEV);
	fd = sys3(SYS_open, "/dev/console", O_WRONLY, 0);
	if (fd >= 0)
		console = fd;
}

static int setup_hugetlb(void)
{
	long pages;

	if (!mount_fs("proc", "/proc"))
		return 0;
	write_file("/proc/sys/vm/nr_hugepages", "8");
	pages = read_number("/proc/sys/vm/nr_hugepages");
	/* Without CONFIG_PROC_SYSCTL, count what hugepages=8 reserved at boot. */
	if (pages < 2 && have_sysfs)
		pages = read_number("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
	if (pages < 2)
		return 0;
	return mount_fs("hugetlbfs", "/hugetlb");
}

/* Return whether page migration works: one page can be moved to node 1. */
static int setup_migrate(void)
{
	int nodes[1] = { 1 }, status[1] = { -1 };
	char *page = map_anonymous(PAGE_SIZE, 0);
	long ret;

	if (!page)
		return 0;
	page[0] = 1;
	ret = syscall6(SYS_move_pages, 0, 1, (long)&page, (long)nodes, (long)status,
		       MPOL_MF_MOVE_ALL);
	sys2(SYS_munmap, page, PAGE_SIZE);
	return ret == 0 && status[0] == 1;
}

/*
 * Return whether MADV_HWPOISON works, from a child that poisons one page of
 * its own: it exits 0 or dies by SIGBUS when memory_failure() ran, and
 * exits 1 when the kernel has no CONFIG_MEMORY_FAILURE (EINVAL).
 */
static int setup_hwpoison(void)
{
	long child;
	int status;

	if (!have_madvise)
		return 0;
	child = fork_process();
	if (child == 0) {
		char *page = map_anonymous(PAGE_SIZE, 0);

		if (!page)
			sys1(SYS_exit, 1);
		page[0] = 1;
		sys1(SYS_exit, sys3(SYS_madvise, page, PAGE_SIZE, MADV_HWPOISON) ? 1 : 0);
	}
	status = wait_process(child);
	return exited_cleanly(status) || killed_by(status, SIGBUS);
}

static int setup_ksm(void)
{
	if (!have_madvise || !have_sysfs)
		return 0;
	write_file("/sys/kernel/mm/ksm/pages_to_scan", "1000");
	write_file("/sys/kernel/mm/ksm/sleep_millisecs", "10");
	return write_file("/sys/kernel/mm/ksm/run", "1") == 0;
}

/* Print a report line the way the kernel's BUG() reports start, through the kernel log. */
static void inject_kmsg_bug(void)
{
	if (write_file("/dev/kmsg", "<2>BUG: kbackport-qa: report injected through /dev/kmsg\n"))
		put_string("mm-stress: error: cannot write to /dev/kmsg\n");
}

/*
 * Make the kernel itself hit BUG(): a child writes to LKDTM's DIRECT crash
 * point in debugfs.  The oops kills only that child, so init goes on.
 */
static void inject_kernel_bug(void)
{
	long pid;

	if (!mount_fs("debugfs", "/debug")) {
		put_string("mm-stress: error: cannot mount debugfs, so no BUG() was provoked\n");
		return;
	}
	pid = fork_process();
	if (pid == 0) {
		if (write_file("/debug/provoke-crash/DIRECT", "BUG\n"))
			put_string("mm-stress: error: cannot write /debug/provoke-crash/DIRECT; "
				   "the kernel needs CONFIG_LKDTM\n");
		sys1(SYS_exit, 0);
	}
	wait_process(pid);
}

static long start_worker(const char *name, void (*run)(void))
{
	long pid = fork_process();

	if (pid == 0)
		run();
	put_string("mm-stress: started ");
	put_string(name);
	put_string("\n");
	return pid;
}

static long start_truncate_worker(const char *path)
{
	long pid = fork_process();

	if (pid == 0)
		run_truncate(path);
	put_string("mm-stress: started truncate on ");
	put_string(path);
	put_string("\n");
	return pid;
}

/*
 * Reap every process until the workers are done; init also inherits
 * orphans.  Past the deadline plus a grace period, kill whatever is left.
 */
static int wait_workers(long *pids, int nworkers)
{
	int running = nworkers;
	int failures = 0;

	while (running > 0) {
		int status = 0;
		long pid = sys4(SYS_wait4, -1, &status, WNOHANG, 0);

		if (pid == -ECHILD)
			break;
		if (pid <= 0) {
			if (now_seconds() > state->deadline + GRACE_SECONDS) {
				put_string("mm-stress: error: workers still running after the grace period\n");
				sys2(SYS_kill, -1, SIGKILL);
				return failures + running;
			}
			sleep_milliseconds(100);
			continue;
		}
		for (int i = 0; i < nworkers; i++) {
			if (pids[i] != pid)
				continue;
			running--;
			if (!exited_cleanly(status))
				failures++;
		}
	}
	return failures;
}

static void print_summary(const char *marker, const char *release, long seconds)
{
	put_string(marker);
	put_string(" ");
	put_string(release);
	put_count("seconds", seconds);
	put_count("truncate", state->truncate_rounds);
	put_count("sigbus", state->sigbus_deaths);
	put_count("forks", state->fork_children);
	put_count("cow_checks", state->cow_checks);
	put_count("remap", state->remap_rounds);
	put_count("hugetlb", state->hugetlb_rounds);
	put_count("ksm", state->ksm_rounds);
	put_count("migrate", state->migrate_rounds);
	put_count("migrated_pages", state->migrated_pages);
	put_count("hwpoison", state->hwpoison_rounds);
	put_count("hwpoison_ignored", state->hwpoison_ignored);
	put_string("\n");
}

static const char *find_setting(char **envp, const char *name)
{
	size_t len = string_length(name);

	for (; *envp; envp++) {
		if (string_starts_with(*envp, name) && (*envp)[len] == '=')
			return *envp + len + 1;
	}
	return 0;
}

static void power_off(void)
{
	sys1(SYS_sync, 0);
	sys4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_RESTART, 0);
	/* Reached only if reboot failed; init exiting makes the kernel panic. */
	sys1(SYS_exit, 1);
	for (;;)
		;
}

/* Return whether the comma-separated LIST names WORKLOAD. */
static int list_has(const char *list, const char *workload)
{
	size_t len = string_length(workload);

	while (list && *list) {
		if (string_starts_with(list, workload) && (list[len] == ',' || list[len] == '\0'))
			return 1;
		while (*list && *list != ',')
			list++;
		if (*list == ',')
			list++;
	}
	return 0;
}

static int all_workloads_ran(int hugetlb, int ksm, int migrate, int hwpoison)
{
	return state->truncate_rounds > 0 && state->fork_children > 0 && state->remap_rounds > 0 &&
	       (!hugetlb || state->hugetlb_rounds > 0) && (!ksm || state->ksm_rounds > 0) &&
	       (!migrate || state->migrated_pages > 0) && (!hwpoison || state->hwpoison_rounds > 0);
}

__attribute__((used)) static void stress_main(long *stack)
{
	char **envp = (char **)(stack + 1 + stack[0] + 1);
	const char *seconds_arg = find_setting(envp, "kbp_seconds");
	const char *mode = find_setting(envp, "kbp_mode");
	const char *skip = find_setting(envp, "kbp_skip");
	long seconds = seconds_arg ? parse_number(seconds_arg) : 20;
	struct utsname_kernel uts;
	long pids[8];
	int n = 0, hugetlb, ksm, migrate, hwpoison, failures;

	open_console();
	if (sys1(SYS_uname, &uts))
		uts.release[0] = '\0';
	state = (struct shared_state *)syscall6(SYS_mmap, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
						MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (is_error((long)state)) {
		put_string(FAIL_MARKER " cannot map the shared state page\n");
		power_off();
	}

	mount_fs("tmpfs", "/tmp");
	have_madvise = sys3(SYS_madvise, state, PAGE_SIZE, MADV_WILLNEED) != -ENOSYS;
	have_sysfs = mount_fs("sysfs", "/sys");
	hugetlb = !list_has(skip, "hugetlb") && setup_hugetlb();
	ksm = !list_has(skip, "ksm") && setup_ksm();
	migrate = !list_has(skip, "migrate") && setup_migrate();
	hwpoison = !list_has(skip, "hwpoison") && setup_hwpoison();
	if (skip) {
		put_string("mm-stress: leaving out on request: ");
		put_string(skip);
		put_string("\n");
	}
	if (mode && string_starts_with(mode, "exit-init")) {
		put_string("mm-stress: exiting init on request\n");
		sys1(SYS_exit, 0);
	}
	if (mode && string_starts_with(mode, "kmsg-bug"))
		inject_kmsg_bug();
	else if (mode && string_starts_with(mode, "kernel-bug"))
		inject_kernel_bug();
	else if (mode)
		put_string("mm-stress: warning: unknown kbp_mode, ignored\n");

	put_string("mm-stress: ");
	put_string(uts.release);
	put_count("seconds", seconds);
	put_string(have_madvise ? " madvise=yes" : " madvise=no");
	put_string(hugetlb ? " hugetlb=yes" : " hugetlb=no");
	put_string(ksm ? " ksm=yes" : " ksm=no");
	put_string(migrate ? " migrate=yes" : " migrate=no");
	put_string(hwpoison ? " hwpoison=yes\n" : " hwpoison=no\n");

	state->deadline = now_seconds() + seconds;
	pids[n++] = start_truncate_worker("/tmp/truncate-tmpfs");
	pids[n++] = start_truncate_worker("/truncate-rootfs");
	pids[n++] = start_worker("fork", run_fork);
	pids[n++] = start_worker("remap", run_remap);
	if (hugetlb)
		pids[n++] = start_worker("hugetlb", run_hugetlb);
	if (ksm)
		pids[n++] = start_worker("ksm", run_ksm);
	if (migrate)
		pids[n++] = start_worker("migrate", run_migrate);
	if (hwpoison)
		pids[n++] = start_worker("hwpoison", run_hwpoison);

	failures = wait_workers(pids, n);
	if (ksm) {
		put_string("mm-stress:");
		put_count("ksm_pages_shared", read_number("/sys/kernel/mm/ksm/pages_shared"));
		put_string("\n");
	}

	if (failures || state->failed || !all_workloads_ran(hugetlb, ksm, migrate, hwpoison)) {
		put_string(FAIL_MARKER " ");
		put_string(state->failed ? state->failure : failures ? "a worker failed" :
			   "a workload made no progress");
		put_string("\n");
		print_summary("mm-stress: counts", uts.release, seconds);
	} else {
		print_summary(PASS_MARKER, uts.release, seconds);
	}
	power_off();
}

/* The kernel starts init with argc, argv and envp on the stack. */
asm(".globl _start\n"
    "_start:\n"
    "	xor %rbp, %rbp\n"
    "	mov %rsp, %rdi\n"
    "	and $-16, %rsp\n"
    "	call stress_main\n"
    "	hlt\n");
