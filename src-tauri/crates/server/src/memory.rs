//! How the server's process takes memory from the system.
//!
//! Every sign-in hashes a password with argon2id in 19 MiB. glibc serves a freed buffer of that
//! size again from the thread's own heap and raises its threshold for handing big buffers back
//! (up to 32 MiB), so after a morning's sign-ins on many blocking threads each thread keeps
//! its 19 MiB: 200 sign-ins left 1.3 GiB resident in the load bench. A fixed threshold keeps
//! every buffer of 1 MiB or more mapped on its own and returned when freed.

/// Big buffers (1 MiB and more) are mapped on their own and returned to the system when freed.
pub fn return_big_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const ONE_MIB: libc::c_int = 1 << 20;
        // SAFETY: mallopt only sets an allocator parameter; it is called once, at the start of
        // main, before any other thread exists.
        let applied = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, ONE_MIB) };
        if applied != 1 {
            tracing::warn!("the allocator kept its own threshold for big buffers");
        }
    }
}
