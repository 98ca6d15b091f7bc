; Registers the Windows Event Log source "Enclave" (Application log), where the audit log copies
; each line's chain value (electron/engine/audit/mirror/windowsMirror.ts), and removes it on
; uninstall. Included through `nsis.include` in electron-builder.yml; the installer is per-machine
; (elevated), which writing under HKLM needs. Events already written stay in the Application log.
;
; eventcreate.exe writes only to sources marked CustomSource=1 (the mark it leaves on sources it
; creates itself), and its own file holds the message text of every event ID it writes.

!define ENCLAVE_EVENT_SOURCE "SYSTEM\CurrentControlSet\Services\EventLog\Application\Enclave"

!macro customInstall
  WriteRegExpandStr HKLM "${ENCLAVE_EVENT_SOURCE}" "EventMessageFile" "%SystemRoot%\System32\EventCreate.exe"
  ; 7 = error, warning and information events.
  WriteRegDWORD HKLM "${ENCLAVE_EVENT_SOURCE}" "TypesSupported" 7
  WriteRegDWORD HKLM "${ENCLAVE_EVENT_SOURCE}" "CustomSource" 1
!macroend

!macro customUnInstall
  DeleteRegKey HKLM "${ENCLAVE_EVENT_SOURCE}"
!macroend
