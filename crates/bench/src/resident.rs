//! The process's memory as Linux reports it in `/proc/self/status`, for the benches' memory
//! columns (0 where the file or the field is missing).

/// A `/proc/self/status` field given in kB (`"VmRSS:"`, `"VmHWM:"`), in bytes.
pub fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        * 1024
}
