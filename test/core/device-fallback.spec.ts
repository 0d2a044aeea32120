import { expect, test } from '@playwright/test';
import { inputCandidates, onDeviceBack } from '../../core/device-fallback';

test.describe('the next input after the one in use was unplugged', () => {
  test("the operator's configured fallback first, then the OS default, then any other", () => {
    const listed = ['default', 'laptop-mic', 'usb-mic', 'webcam-mic'];
    expect(inputCandidates({ listed, lost: ['headset-mic'], preferred: 'usb-mic' })).toEqual([
      'usb-mic',
      'default',
      'laptop-mic',
      'webcam-mic',
    ]);
  });

  test('the lost device is never tried, even when it was the configured fallback', () => {
    expect(inputCandidates({ listed: ['a', 'b'], lost: ['a'], preferred: 'a' })).toEqual(['default', 'b']);
  });

  test('a configured fallback that is not plugged in is skipped', () => {
    expect(inputCandidates({ listed: ['b'], lost: ['a'], preferred: 'gone' })).toEqual(['default', 'b']);
  });

  test('the OS default stays a candidate when the operator had chosen it (it is another device by now)', () => {
    expect(inputCandidates({ listed: ['default', 'b'], lost: ['a', 'default'], preferred: '' })).toEqual([
      'default',
      'b',
    ]);
  });

  test('no microphone listed any more: nothing to try', () => {
    expect(inputCandidates({ listed: ['default'], lost: ['a'], preferred: 'b' })).toEqual([]);
    expect(inputCandidates({ listed: [], lost: [], preferred: '' })).toEqual([]);
  });
});

test('a device back: the setting decides, except that a call with no input takes any microphone at once', () => {
  expect(onDeviceBack({ setting: 'offer', inputLeft: true })).toBe('offer');
  expect(onDeviceBack({ setting: 'automatic', inputLeft: true })).toBe('switch');
  expect(onDeviceBack({ setting: 'offer', inputLeft: false })).toBe('switch');
});
