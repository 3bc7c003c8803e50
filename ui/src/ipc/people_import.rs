//! Adding people from a file: the native open dialog, this computer reading the chosen file,
//! then the preview, the start and the files' progress (the core's or the server's).

use hyopps_contract::commands::{
    PeopleImports, PreviewPeopleImport, ReadPeopleFile, StartPeopleImport,
};
use hyopps_contract::{
    Activity, PeopleFile, PeopleImportPreview, PeopleImportProgress, PeopleImportRequest,
    PeopleImportStarted, PeopleImportsRequest, ReadPeopleFileRequest, WireError,
};

use super::dialog::{choose_file, FileFilter};
use super::{call_reload, call_with};

/// Asks for the file of people; `None` when cancelled.
pub async fn choose_people_file() -> Result<Option<String>, WireError> {
    choose_file(
        "Choose a file of people (CSV, as a spreadsheet saves it)",
        &[FileFilter {
            name: "People (CSV)",
            extensions: &["csv", "txt"],
        }],
    )
    .await
}

pub async fn read_people_file(path: &str) -> Result<PeopleFile, WireError> {
    call_with::<ReadPeopleFile, _>(&ReadPeopleFileRequest { path: path.into() }).await
}

pub async fn preview_people_import(
    request: &PeopleImportRequest,
) -> Result<PeopleImportPreview, WireError> {
    call_with::<PreviewPeopleImport, _>(request).await
}

pub async fn start_people_import(
    request: &PeopleImportRequest,
) -> Result<PeopleImportStarted, WireError> {
    call_with::<StartPeopleImport, _>(request).await
}

pub async fn people_imports(
    request: &PeopleImportsRequest,
    activity: Activity,
) -> Result<Vec<PeopleImportProgress>, WireError> {
    call_reload::<PeopleImports, _>(request, activity).await
}
