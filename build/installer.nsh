; Click-to-dial on Windows (NSIS): tel:, sip: and callto: for this user or for every user, as the install is
; (SHCTX follows it). Dialdeck registers as an application able to open these links (Default Apps lists it;
; IT sets the default with a default-associations file, see docs/IT.md), and becomes the handler of a scheme
; only where none is registered yet: another softphone's choice is not taken away.
; The schemes are the ones in main/electron/instance.ts (a test keeps the lists equal).

!macro dialdeckRegisterScheme SCHEME DESCRIPTION
  WriteRegStr SHCTX "Software\Dialdeck\Capabilities\URLAssociations" "${SCHEME}" "Dialdeck.Url"
  ReadRegStr $0 SHCTX "Software\Classes\${SCHEME}\shell\open\command" ""
  ${If} $0 == ""
    WriteRegStr SHCTX "Software\Classes\${SCHEME}" "" "URL:${DESCRIPTION}"
    WriteRegStr SHCTX "Software\Classes\${SCHEME}" "URL Protocol" ""
    WriteRegStr SHCTX "Software\Classes\${SCHEME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  ${EndIf}
!macroend

; Removes the scheme's handler only where it is still ours.
!macro dialdeckUnregisterScheme SCHEME
  ReadRegStr $0 SHCTX "Software\Classes\${SCHEME}\shell\open\command" ""
  ${If} $0 == '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
    DeleteRegKey SHCTX "Software\Classes\${SCHEME}"
  ${EndIf}
!macroend

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\Dialdeck.Url" "" "Dialdeck phone link"
  WriteRegStr SHCTX "Software\Classes\Dialdeck.Url" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\Dialdeck.Url\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Dialdeck\Capabilities" "ApplicationName" "Dialdeck"
  WriteRegStr SHCTX "Software\Dialdeck\Capabilities" "ApplicationDescription" "Softphone for contact-centre operators"
  !insertmacro dialdeckRegisterScheme "tel" "Telephone number"
  !insertmacro dialdeckRegisterScheme "sip" "SIP address"
  !insertmacro dialdeckRegisterScheme "callto" "Call link"
  WriteRegStr SHCTX "Software\RegisteredApplications" "Dialdeck" "Software\Dialdeck\Capabilities"
!macroend

!macro customUnInstall
  !insertmacro dialdeckUnregisterScheme "tel"
  !insertmacro dialdeckUnregisterScheme "sip"
  !insertmacro dialdeckUnregisterScheme "callto"
  DeleteRegValue SHCTX "Software\RegisteredApplications" "Dialdeck"
  DeleteRegKey SHCTX "Software\Dialdeck\Capabilities"
  DeleteRegKey SHCTX "Software\Classes\Dialdeck.Url"
!macroend
