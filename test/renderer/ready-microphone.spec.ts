/**
 * The microphone kept open while the operator is Ready (renderer/phone/ready-microphone.ts): one stream at a
 * time, handed to the call being answered, closed when the operator leaves Ready, reopened on a device change.
 * getUserMedia is a stand-in here: these tests are about who owns which stream when.
 */
import { test, expect } from '@playwright/test';
import { ReadyMicrophone } from '../../renderer/phone/ready-microphone';

type FakeTrack = { readyState: 'live' | 'ended'; stop(): void };

function fakeMicrophone() {
  const opened: FakeTrack[] = [];
  const open = async (): Promise<MediaStream> => {
    const track: FakeTrack = {
      readyState: 'live',
      stop() {
        this.readyState = 'ended';
      },
    };
    opened.push(track);
    return { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
  };
  const live = () => opened.filter((t) => t.readyState === 'live').length;
  return { open, opened, live };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('Ready opens one stream; the answered call takes it; after the call the next one is opened', async () => {
  const mic = fakeMicrophone();
  const ready = new ReadyMicrophone(mic.open, () => undefined);
  expect(ready.take()).toBeNull();
  ready.keep(true);
  ready.keep(true);
  await settle();
  expect(mic.opened).toHaveLength(1);
  const stream = await ready.take()!;
  expect(stream.getAudioTracks()[0]).toBe(mic.opened[0]);
  // The call owns it now: nothing opens a second one while the call is up.
  expect(ready.take()).toBeNull();
  ready.fill();
  await settle();
  expect(mic.opened).toHaveLength(2);
  expect(mic.live()).toBe(2);
});

test('Not ready closes the stream, even one still opening; nothing is opened again', async () => {
  const mic = fakeMicrophone();
  const ready = new ReadyMicrophone(mic.open, () => undefined);
  ready.keep(true);
  ready.keep(false);
  await settle();
  expect(mic.live()).toBe(0);
  ready.fill();
  await settle();
  expect(mic.opened).toHaveLength(1);
  expect(ready.take()).toBeNull();
});

test('a device change closes the old stream and opens one on the new device', async () => {
  const mic = fakeMicrophone();
  const ready = new ReadyMicrophone(mic.open, () => undefined);
  ready.keep(true);
  await settle();
  ready.reopen();
  await settle();
  expect(mic.opened).toHaveLength(2);
  expect(mic.opened[0]!.readyState).toBe('ended');
  expect(mic.live()).toBe(1);
});

test('a kept stream whose device went away is replaced when a call takes it', async () => {
  const mic = fakeMicrophone();
  const ready = new ReadyMicrophone(mic.open, () => undefined);
  ready.keep(true);
  await settle();
  mic.opened[0]!.readyState = 'ended';
  const stream = await ready.take()!;
  expect(stream.getAudioTracks()[0]).toBe(mic.opened[1]);
});

test('a microphone that cannot open is logged, and the call opens its own', async () => {
  const logged: string[] = [];
  const ready = new ReadyMicrophone(
    () => Promise.reject(new Error('NotAllowedError')),
    (m) => logged.push(m),
  );
  ready.keep(true);
  await settle();
  expect(logged).toEqual(['could not keep the microphone open while Ready']);
  expect(ready.take()).toBeNull();
});
