/**
 * The manifests several autoscaling tests share: a `web` Deployment of 2 replicas, each asking for
 * `requestMilliCpu` of CPU and 128Mi, behind a `web` Service, as YAML documents (each starting `---`).
 */
export function webDeploymentAndService(requestMilliCpu = 500): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          resources: { requests: { cpu: ${requestMilliCpu}m, memory: 128Mi } }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`;
}
