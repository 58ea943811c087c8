import { matchesMapSelector } from '../model/labels.js';
import type { Pod } from '../model/pod.js';
import type { Service } from '../model/workloads.js';

/**
 * The Services selecting a pod (the service lister's GetPodServices upstream), found without trying
 * every Service: each Service is filed under one of its selector's key=value pairs (with its
 * namespace), so a pod is matched only against the Services filed under one of its own labels.
 * With a Service per Deployment, that is O(labels of the pod) instead of O(Services).
 */
export class ServiceSelectorIndex {
  private readonly byLabel = new Map<string, Service[]>();

  /** Files `service`; false (and nothing filed) when it has no selector, so it selects no pods. */
  add(service: Service): boolean {
    const selector = service.selector;
    const first = selector ? Object.keys(selector)[0] : undefined;
    if (!selector || first === undefined) return false;
    const key = labelKey(service.namespace, first, selector[first] as string);
    const services = this.byLabel.get(key);
    if (services) services.push(service);
    else this.byLabel.set(key, [service]);
    return true;
  }

  /** Every filed Service that selects `pod`, in the order they were added within each label. */
  *servicesOf(pod: Pod): Generator<Service> {
    for (const label in pod.labels) {
      const services = this.byLabel.get(labelKey(pod.namespace, label, pod.labels[label] as string));
      if (services) for (const service of services) if (this.selects(service, pod)) yield service;
    }
  }

  /** Whether `service` selects `pod`: same namespace, and every selector pair among its labels. */
  selects(service: Service, pod: Pod): boolean {
    return service.namespace === pod.namespace && matchesMapSelector(service.selector, pod.labels);
  }
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}
