//! Adding people from a file: this computer reads the file chosen in its native dialog; the
//! preview, the start and the progress are the core's (or the server's) like any command.

use std::path::Path;

use hyopps_contract::{
    Activity, PeopleFile, PeopleImportPreview, PeopleImportProgress, PeopleImportRequest,
    PeopleImportStarted, PeopleImportsRequest, ReadPeopleFileRequest, WireError,
};
use tauri::State;

use crate::DesktopState;

/// Reads the chosen file. On a server the file is still this computer's: it is read here and
/// its text goes with the preview and the start, which the server checks like any command.
#[tauri::command]
pub async fn read_people_file(
    state: State<'_, DesktopState>,
    request: ReadPeopleFileRequest,
) -> Result<PeopleFile, WireError> {
    let path = Path::new(&request.path);
    if state.server().is_some() {
        return Ok(hyopps_app::people_file_at(path)?);
    }
    Ok(state
        .core()?
        .read_people_file(&state.session(), path)
        .await?)
}

#[tauri::command]
pub async fn preview_people_import(
    state: State<'_, DesktopState>,
    request: PeopleImportRequest,
) -> Result<PeopleImportPreview, WireError> {
    Ok(state
        .core()?
        .preview_people_import(&state.session(), request)
        .await?)
}

#[tauri::command]
pub async fn start_people_import(
    state: State<'_, DesktopState>,
    request: PeopleImportRequest,
) -> Result<PeopleImportStarted, WireError> {
    Ok(state
        .core()?
        .start_people_import(&state.session(), request)
        .await?)
}

#[tauri::command]
pub async fn people_imports(
    state: State<'_, DesktopState>,
    request: PeopleImportsRequest,
    activity: Option<Activity>,
) -> Result<Vec<PeopleImportProgress>, WireError> {
    Ok(state
        .core()?
        .people_imports(&state.session_for(activity), request)
        .await?)
}
