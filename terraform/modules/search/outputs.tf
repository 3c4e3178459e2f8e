output "url" {
  description = "MEILISEARCH_URL the site and worker use (private DNS, inside the VPC)."
  value       = "http://${aws_service_discovery_service.this.name}.${var.namespace_name}:${local.port}"
}
