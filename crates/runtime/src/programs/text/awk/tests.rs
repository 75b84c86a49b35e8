//! awk against busybox awk and mawk.
