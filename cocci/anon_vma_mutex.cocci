// SPDX-License-Identifier: GPL-2.0-only
/// Convert the anon_vma spinlock to a mutex, as upstream did in 3.0:
/// struct anon_vma trades spinlock_t lock for struct mutex mutex, and
/// every use follows through anon_vma, anon_vma->root and root_anon_vma.
/// spin_lock/spin_unlock become mutex_lock/mutex_unlock, spin_lock_init
/// becomes mutex_init, spin_lock_nest_lock becomes mutex_lock_nest_lock,
/// spin_unlock_wait becomes a lock and unlock, atomic_dec_and_lock
/// becomes atomic_dec_and_mutex_lock, and the __cond_lock annotation
/// names the mutex. include/linux/rmap.h includes <linux/mutex.h> in
/// place of <linux/spinlock.h>.
///
// Confidence: High
// Upstream: 2b575eb64f7a ("mm: Convert anon_vma->lock to a mutex"), merged for v3.0
// Versions: 2.6.32-2.6.39
// Requires: 1.1.1
// Options: --include-headers
virtual patch

// NOTE: spatch cannot rewrite __releases() annotations or #define bodies such
// as wait_split_huge_page, so per-version patches in backports/ convert them.

// Every access to the spinlock, whichever name holds the anon_vma.
// Before 2.6.36 there is no root and the lock is the anon_vma's own.
@wait_access@
symbol anon_vma, root_anon_vma;
position p;
@@
(
 anon_vma->root->lock@p
|
 root_anon_vma->lock@p
|
 anon_vma->lock@p
)

// spin_unlock_wait() has no mutex counterpart: taking and dropping the
// mutex waits for the holder in the same way.
@wait@
expression E;
position wait_access.p;
@@
- spin_unlock_wait(&E->lock@p);
+ mutex_lock(&E->mutex);
+ mutex_unlock(&E->mutex);

@access@
symbol anon_vma, root_anon_vma;
position p;
@@
(
 anon_vma->root->lock@p
|
 root_anon_vma->lock@p
|
 anon_vma->lock@p
)

@convert@
expression E, C, N;
position access.p;
@@
// Only the function name and the member change, so that spatch keeps
// the original line breaks of multi-line calls.
(
- spin_lock
+ mutex_lock
  (&E->
- lock@p
+ mutex
  )
|
- spin_unlock
+ mutex_unlock
  (&E->
- lock@p
+ mutex
  )
|
- spin_lock_init
+ mutex_init
  (&E->
- lock@p
+ mutex
  )
|
- spin_lock_nest_lock
+ mutex_lock_nest_lock
  (&E->
- lock@p
+ mutex
  , N)
|
- atomic_dec_and_lock
+ atomic_dec_and_mutex_lock
  (C, &E->
- lock@p
+ mutex
  )
|
  E->
- lock@p
+ mutex
)

@struct_field@
@@
struct anon_vma {
  ...
- spinlock_t lock;
+ struct mutex mutex;
  ...
};

@rmap_include depends on struct_field@
@@
- #include <linux/spinlock.h>
+ #include <linux/mutex.h>
