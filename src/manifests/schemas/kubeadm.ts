import { z } from 'zod';
import { nonEmpty, str } from './common.js';

// kubeadm.k8s.io/v1beta3 and v1beta4 ClusterConfiguration, as far as kubesim reads it. kubeadm decodes
// its config leniently (an unknown field is printed as a warning), so the objects here are loose and
// convert/kubeadm.ts warns about fields it does not know or does not simulate.

/** v1beta3 extraArgs: a mapping of flag names (without "--") to string values. */
export const extraArgsMap = z.record(
  z.string(),
  z.string({ error: 'expected a string flag value (quote numbers and booleans)' }),
  { error: 'expected a mapping of flag names to values (v1beta3)' },
);

/** v1beta4 extraArgs: a list of {name, value}, so a flag may repeat (kubeadm issue #1601). */
export const extraArgsList = z.array(
  z.strictObject({
    name: nonEmpty,
    value: z.string({ error: 'expected a string flag value (quote numbers and booleans)' }),
  }),
  { error: 'expected a list of {name, value} (v1beta4)' },
);

const component = z.looseObject({ extraArgs: z.unknown().optional() });

export const etcd = z.looseObject({
  local: z.looseObject({}).optional(),
  external: z
    .looseObject({
      endpoints: z.array(nonEmpty, { error: 'expected a list of etcd endpoints' }).min(1),
    })
    .optional(),
});

/** The ClusterConfiguration document (fields kubesim reads; others are warned about by the converter). */
export const clusterConfiguration = z.looseObject({
  apiVersion: z.enum(['kubeadm.k8s.io/v1beta3', 'kubeadm.k8s.io/v1beta4']),
  kind: z.literal('ClusterConfiguration'),
  kubernetesVersion: str.optional(),
  controlPlaneEndpoint: str.optional(),
  etcd: etcd.optional(),
  controllerManager: component.optional(),
});

/** Upstream ClusterConfiguration fields (v1beta3 ∪ v1beta4) besides those read above; accepted, not simulated. */
export const NOT_SIMULATED_KUBEADM_FIELDS = [
  'networking',
  'apiServer',
  'scheduler',
  'dns',
  'proxy',
  'certificatesDir',
  'imageRepository',
  'featureGates',
  'clusterName',
  'encryptionAlgorithm',
  'certificateValidityPeriod',
  'caCertificateValidityPeriod',
] as const;
