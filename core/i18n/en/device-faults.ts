/**
 * Audio devices that come and go mid-call (issue 12.4): which device is in use now, said in the operator's words.
 * Device names are the labels the OS gives them.
 */
export const deviceFaults = {
  'devices.fault.inputFallback': 'The microphone “{lost}” was disconnected. The call now uses “{device}”.',
  'devices.fault.inputFallbackIdle': 'The microphone “{lost}” was disconnected. Calls now use “{device}”.',
  'devices.fault.noInputLeft':
    'The microphone “{lost}” was disconnected and no other microphone is available: the customer hears silence until you connect one. The call goes on.',
  'devices.fault.noInputReady':
    'The microphone “{lost}” was disconnected and no other microphone is available: you are Not ready, so no call is answered without one. Connect a microphone, then go Ready again.',
  'devices.fault.dismiss': 'Dismiss',
  'devices.fault.inputAppeared': 'Microphone “{device}” connected: the customer hears you again.',
  'devices.fault.outputFallback':
    '{kind, select, ringer {The ringer “{lost}” was disconnected: calls now ring on the system default output.} other {The speaker “{lost}” was disconnected: you now hear calls on the system default output.}}',
  'devices.fault.back': '“{device}” is connected again.',
  'devices.fault.switchBack': 'Switch back to “{device}”',
  'devices.fault.switchedBack': '“{device}” is connected again and in use.',
  'devices.fallbackMicrophone': 'Backup input if unplugged mid-call',
  'devices.fallbackAny': 'System default, then any other',
  'devices.switchBackAutomatically': 'Switch back by itself when an unplugged device returns',
} as const;
