output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "cluster_name" {
  description = "Name of the ECS cluster (alarm and autoscaling dimension)."
  value       = aws_ecs_cluster.this.name
}

output "namespace_id" {
  description = "ID of the private DNS namespace for service discovery."
  value       = aws_service_discovery_private_dns_namespace.this.id
}

output "namespace_name" {
  description = "Name of the private DNS namespace, e.g. swarmhost-production.internal."
  value       = aws_service_discovery_private_dns_namespace.this.name
}

output "execution_role_arn" {
  description = "Task execution role (image pull, logs, secrets)."
  value       = aws_iam_role.execution.arn
}
