import { z } from 'zod';
import { duration, int } from './common.js';

// kubelet.config.k8s.io/v1beta1 KubeletConfiguration: the fields kubesim reads, with upstream's
// validation (pkg/kubelet/apis/config/validation/validation.go): nodeLeaseDurationSeconds > 0,
// maxPods >= 0, nodeStatusUpdateFrequency > 0. Every other field is warned about by the converter.

export const kubeletConfiguration = z.looseObject({
  apiVersion: z.literal('kubelet.config.k8s.io/v1beta1'),
  kind: z.literal('KubeletConfiguration'),
  nodeStatusUpdateFrequency: duration(true).optional(),
  nodeLeaseDurationSeconds: int(1).optional(),
  maxPods: int(0).optional(),
  shutdownGracePeriod: duration().optional(),
});

/** The fields above, which the converter does not warn about as unknown. */
export const KUBELET_FIELDS_READ: ReadonlySet<string> = new Set(Object.keys(kubeletConfiguration.shape));
