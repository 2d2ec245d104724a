// SPDX-License-Identifier: GPL-2.0-only
/// Convert address_space.i_mmap_lock from a spinlock to the mutex
/// i_mmap_mutex in every form the 2.6.32-2.6.39 trees use: lock, unlock
/// and trylock, reached through a pointer (mapping->, btnc->,
/// vma->vm_file->f_mapping->) or through a member (inode->i_data.);
/// spin_lock_init() becomes mutex_init(), spin_lock_nest_lock() becomes
/// mutex_lock_nest_lock(), spin_is_locked() and assert_spin_locked() become
/// mutex_is_locked() tests, and spin_unlock_wait() becomes a lock and
/// unlock. cond_resched_lock() on it becomes cond_resched(), because a task
/// may sleep while it holds a mutex.
///
/// spatch 1.1.1 cannot parse the aligned attribute that closes struct
/// address_space in include/linux/fs.h, so the field declaration, and the
/// comments and Documentation lines that name the lock, are changed by
/// the per-version 0003 patch that runs before this rule.
///
// Confidence: High
// Upstream: 3d48ae45e723 ("mm: Convert i_mmap_lock to a mutex"), merged for v3.0
// Versions: 2.6.32-2.6.39
// Requires: 1.1.1
// Options: --include-headers
virtual patch

// Statement forms first: they change the number of statements.
@statements@
expression E;
@@
(
- cond_resched_lock(&E->i_mmap_lock);
+ cond_resched();
|
- cond_resched_lock(&E.i_mmap_lock);
+ cond_resched();
|
- spin_unlock_wait(&E->i_mmap_lock);
+ mutex_lock(&E->i_mmap_mutex);
+ mutex_unlock(&E->i_mmap_mutex);
|
- spin_unlock_wait(&E.i_mmap_lock);
+ mutex_lock(&E.i_mmap_mutex);
+ mutex_unlock(&E.i_mmap_mutex);
|
- assert_spin_locked(&E->i_mmap_lock);
+ BUG_ON(!mutex_is_locked(&E->i_mmap_mutex));
|
- assert_spin_locked(&E.i_mmap_lock);
+ BUG_ON(!mutex_is_locked(&E.i_mmap_mutex));
)

@calls@
expression E, N;
@@
(
- spin_lock(&E->i_mmap_lock)
+ mutex_lock(&E->i_mmap_mutex)
|
- spin_lock(&E.i_mmap_lock)
+ mutex_lock(&E.i_mmap_mutex)
|
- spin_unlock(&E->i_mmap_lock)
+ mutex_unlock(&E->i_mmap_mutex)
|
- spin_unlock(&E.i_mmap_lock)
+ mutex_unlock(&E.i_mmap_mutex)
|
- spin_trylock(&E->i_mmap_lock)
+ mutex_trylock(&E->i_mmap_mutex)
|
- spin_trylock(&E.i_mmap_lock)
+ mutex_trylock(&E.i_mmap_mutex)
|
- spin_lock_init(&E->i_mmap_lock)
+ mutex_init(&E->i_mmap_mutex)
|
- spin_lock_init(&E.i_mmap_lock)
+ mutex_init(&E.i_mmap_mutex)
|
- spin_lock_nest_lock(&E->i_mmap_lock, N)
+ mutex_lock_nest_lock(&E->i_mmap_mutex, N)
|
- spin_lock_nest_lock(&E.i_mmap_lock, N)
+ mutex_lock_nest_lock(&E.i_mmap_mutex, N)
|
- spin_is_locked(&E->i_mmap_lock)
+ mutex_is_locked(&E->i_mmap_mutex)
|
- spin_is_locked(&E.i_mmap_lock)
+ mutex_is_locked(&E.i_mmap_mutex)
)
