/**
 * The host contract's call recording area (issue 13.8). The renderer records; the host keeps each recording on
 * disk and uploads it until the campaign server has it (main/campaign/recording-uploads.ts), and lists a
 * campaign's recordings for the Supervisor view.
 */
import { z } from 'zod';
import {
  CampaignRecordingSchema,
  RecordingFailedArgSchema,
  RecordingStartedArgSchema,
  SaveRecordingArgSchema,
} from '../recording';
import { method, ok } from './method';

export const recordingMethods = {
  /** Recording began: noted on disk before the first byte, and the server is told `pending`. */
  recordingStarted: method(RecordingStartedArgSchema, ok),
  /** The recorder broke: the attempt's recording becomes `failed` with the reason. */
  recordingFailed: method(RecordingFailedArgSchema, ok),
  /** The finished file (base64), kept on disk and uploaded with its format, length and pauses. */
  saveRecording: method(SaveRecordingArgSchema, ok),
  adminListRecordings: method(
    z.object({ campaignId: z.string().min(1) }).strict(),
    z.array(CampaignRecordingSchema),
  ),
  /**
   * One recording's audio for the Supervisor view to play or save: the host fetches it with its admin token, so
   * the page never holds a token; the audio crosses as base64 (at most MAX_RECORDING_BYTES).
   */
  adminRecordingAudio: method(
    z.object({ attemptId: z.string().regex(/^[1-9][0-9]{0,17}$/) }).strict(),
    z.object({ format: z.string().min(1).max(100), base64: z.string() }),
  ),
};
