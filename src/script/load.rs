//! (in progress: the script-loader helper owns this file)
use super::{ScriptErrors, Scripts};
use std::path::Path;

pub fn load_dir(_dir: &Path) -> Result<Scripts, ScriptErrors> {
    todo!()
}

pub fn load_sources(_files: &[(String, String)]) -> Result<Scripts, ScriptErrors> {
    todo!()
}

pub fn load_embedded() -> Scripts {
    todo!()
}
