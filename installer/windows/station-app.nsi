; Windows installer for the counter app: the PyInstaller one-folder build into Program Files.
;
;   makensis /DVERSION=0.1.0 /DAPP_DIR=dist\app\station-app /DOUT_FILE=dist\station-app-setup.exe
;            [/DICON=station-app.ico] [/DCOMPRESSOR=zlib] installer\windows\station-app.nsi
;
; Per machine (needs an administrator), Chinese or English, Start-menu and desktop shortcuts,
; an uninstaller that keeps the station's data (database, backups, logs) unless staff tick
; the box to remove it. Silent: setup.exe /S [/D=C:\Path]; uninstall.exe /S.

Unicode true
ManifestDPIAware true
RequestExecutionLevel admin

!ifndef VERSION
  !error "Give the version: makensis /DVERSION=x.y.z (installer/build.sh reads pyproject.toml)"
!endif
!ifndef APP_DIR
  !define APP_DIR "..\..\dist\app\station-app"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "station-app-${VERSION}-setup.exe"
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR "lzma"  ; zlib builds much faster (CI on Linux checks the script with it)
!endif
SetCompressor /SOLID ${COMPRESSOR}

!define APP_KEY "StationApp"
!define EXE "station-app.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_KEY}"
; where platformdirs puts the station (station_app/paths.py): %LOCALAPPDATA%\StationApp
!define DATA_DIR "$LOCALAPPDATA\StationApp"

!include "MUI2.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

Name "$(APP_NAME)"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\StationApp"
InstallDirRegKey HKLM "Software\${APP_KEY}" "InstallDir"
BrandingText "Station counter ${VERSION}"

; VIProductVersion needs four numbers; a pre-release suffix (0.2.0rc1) is cut off here.
!searchparse /noerrors "${VERSION}" "" VERSION_MAJOR "." VERSION_MINOR "." VERSION_PATCH
!ifndef VERSION_PATCH
  !define VERSION_PATCH 0
!endif
!searchparse /noerrors "${VERSION_PATCH}" "" VERSION_PATCH_NUMBER "rc"
!ifndef VERSION_PATCH_NUMBER
  !define VERSION_PATCH_NUMBER "${VERSION_PATCH}"
!endif
VIProductVersion "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH_NUMBER}.0"
VIAddVersionKey /LANG=0 "ProductName" "Station counter"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Station counter app installer"
VIAddVersionKey /LANG=0 "LegalCopyright" "Station counter app team"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "Software\${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP "$(KEEP_DATA_HINT)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default: the counters are in China.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString APP_NAME ${LANG_SIMPCHINESE} "自提点柜台"
LangString APP_NAME ${LANG_ENGLISH} "Station counter"
LangString SELF_TEST ${LANG_SIMPCHINESE} "自检"
LangString SELF_TEST ${LANG_ENGLISH} "Self-test"
LangString UNINSTALL ${LANG_SIMPCHINESE} "卸载自提点柜台"
LangString UNINSTALL ${LANG_ENGLISH} "Uninstall Station counter"
LangString REMOVE_DATA ${LANG_SIMPCHINESE} "同时删除站点数据（数据库、备份、日志）"
LangString REMOVE_DATA ${LANG_ENGLISH} "Also delete the station's data (database, backups, logs)"
LangString KEEP_DATA_HINT ${LANG_SIMPCHINESE} "站点数据默认保留，重新安装后可继续使用。只有确定不再需要时才勾选删除。"
LangString KEEP_DATA_HINT ${LANG_ENGLISH} "The station's data is kept, so a new installation carries on where this one stopped. Tick the box only if it is no longer needed."
LangString NEEDS_64BIT ${LANG_SIMPCHINESE} "自提点柜台需要 64 位 Windows 10 或更新版本。"
LangString NEEDS_64BIT ${LANG_ENGLISH} "Station counter needs 64-bit Windows 10 or newer."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(NEEDS_64BIT)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "!$(APP_NAME)" SecApp
  SectionIn RO
  SetShellVarContext all
  ; An update replaces the whole program folder: no stale library from an older build stays.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${APP_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\$(APP_NAME)"
  CreateShortcut "$SMPROGRAMS\$(APP_NAME)\$(APP_NAME).lnk" "$INSTDIR\${EXE}"
  CreateShortcut "$SMPROGRAMS\$(APP_NAME)\$(SELF_TEST).lnk" "$SYSDIR\cmd.exe" \
    '/k ""$INSTDIR\station-app-console.exe" --self-test"' "$INSTDIR\${EXE}"
  CreateShortcut "$SMPROGRAMS\$(APP_NAME)\$(UNINSTALL).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\$(APP_NAME).lnk" "$INSTDIR\${EXE}"

  WriteRegStr HKLM "Software\${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "$(APP_NAME)"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Station counter app team"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "un.$(APP_NAME)" UnSecApp
  SectionIn RO
  SetShellVarContext all
  ; Both languages' names: the shortcuts carry the language chosen at installation.
  RMDir /r "$SMPROGRAMS\自提点柜台"
  RMDir /r "$SMPROGRAMS\Station counter"
  Delete "$DESKTOP\自提点柜台.lnk"
  Delete "$DESKTOP\Station counter.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\station-app.exe"
  Delete "$INSTDIR\station-app-console.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\${APP_KEY}"
SectionEnd

; Unticked unless staff choose it: the data of the Windows user running the uninstaller.
Section /o "un.$(REMOVE_DATA)" UnSecData
  SetShellVarContext current
  RMDir /r "${DATA_DIR}"
SectionEnd
