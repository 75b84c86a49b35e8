//! Network tools: `nslookup`, `wget`, `curl`, `nc`.

pub(crate) mod curl;
pub(crate) mod fetch;
pub(crate) mod nc;
pub(crate) mod nslookup;
pub(crate) mod wget;

#[cfg(test)]
mod tests;
